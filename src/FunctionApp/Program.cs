using Classroom.FunctionApp;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Classroom function app: an Event Grid–sourced blob trigger on the input container runs the
// recognition pipeline and writes one CSV per video. Everything is registered in AddClassroomFunctionApp.
var builder = FunctionsApplication.CreateBuilder(args);
builder.AddClassroomFunctionApp();
using var host = builder.Build();
if (await PackageSelfCheck.TryRunAsync(host.Services, args))
{
    return;
}

await host.RunAsync();
