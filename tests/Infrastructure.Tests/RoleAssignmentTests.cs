using System.Text.Json.Nodes;

namespace Classroom.Infrastructure.Tests;

/// <summary>Least privilege: exactly the data-plane roles the system needs, each to the right principal and scope.</summary>
public sealed class RoleAssignmentTests
{
    // Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageQueueDataMessageProcessor = "8a0f0c08-91a1-4084-bc3d-661d67233fed";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string CosmosBuiltInDataReader = "00000000-0000-0000-0000-000000000001";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

    /// <summary>The app identity's principal id as the roles module reads it.</summary>
    private const string AppPrincipal = "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName')), '2024-11-30').principalId]";

    private static IReadOnlyList<ArmResource> Assignments => Infra.Main.OfType("Microsoft.Authorization/roleAssignments");

    private static ArmResource Assignment(string roleId, string principal) =>
        Assert.Single(Assignments, a => RoleId(a) == roleId && a.Properties["principalId"]!.ToString() == principal);

    /// <summary>The role definition guid an assignment names, read through the template variable it uses.</summary>
    private static string? RoleId(ArmResource assignment)
    {
        var expression = assignment.Properties["roleDefinitionId"]!.ToString();
        var match = System.Text.RegularExpressions.Regex.Match(expression, @"variables\('(\w+)'\)(?:\.(\w+))?\)\]$");
        Assert.True(match.Success, $"role definition id is not read from a variable: {expression}");
        var variable = assignment.Template.Root["variables"]![match.Groups[1].Value]!;
        return (match.Groups[2].Success ? variable[match.Groups[2].Value] : variable)?.ToString();
    }

    [Theory]
    [InlineData(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")] // the host's diagnostic events (AzureWebJobsStorage__tableServiceUri)
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    public void App_identity_holds_each_role_on_its_resource(string roleId, string scopeType)
    {
        var assignment = Assignment(roleId, AppPrincipal);
        Assert.StartsWith("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ", assignment.Properties["roleDefinitionId"]!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"[resourceId('{scopeType}', ", assignment.Node["scope"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)assignment.Properties["principalType"]);
        Assert.StartsWith("[guid(", assignment.Node["name"]!.ToString(), StringComparison.Ordinal);
        Assert.Null(assignment.Node["condition"]);
    }

    [Fact]
    public void Roles_module_reads_the_principal_of_the_identity_the_app_runs_as()
    {
        var roles = Assignments[0].Template;
        var identityModule = Infra.Main.OfType("Microsoft.Resources/deployments").Single(d => (string?)d.Node["name"] == "identity");
        Assert.Equal("[parameters('identityName')]", roles.PassedValue("identityName")!.ToString());
        Assert.Equal("[parameters('identityName')]", identityModule.Node["properties"]!["parameters"]!["name"]!["value"]!.ToString());
    }

    [Fact]
    public void App_identity_is_cosmos_data_reader_on_the_classroom_database_only()
    {
        var assignment = Assert.Single(Infra.Main.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"), a => a.Node["condition"] is null);
        Assert.StartsWith("[format('{0}/sqlRoleDefinitions/{1}', resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('cosmosAccountName')), ", assignment.Properties["roleDefinitionId"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(CosmosBuiltInDataReader, RoleId(assignment)); // point reads only: the app never writes a record
        Assert.Equal(AppPrincipal, assignment.Properties["principalId"]!.ToString());
        Assert.Equal("[format('{0}/dbs/{1}', resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('cosmosAccountName')), parameters('cosmosDatabaseName'))]", assignment.Properties["scope"]!.ToString());
        Assert.Equal("classroom", assignment.Template.Resolve(assignment.Template.PassedValue("cosmosDatabaseName")));
    }

    [Fact]
    public void Deployer_gets_blob_queue_processing_and_cosmos_data_roles_only_when_named()
    {
        const string deployer = "[parameters('deployerPrincipalId')]";
        const string condition = "[not(empty(parameters('deployerPrincipalId')))]";
        var blob = Assignment(StorageBlobDataContributor, deployer);
        Assert.Equal(condition, blob.Node["condition"]!.ToString());
        Assert.Equal("[parameters('deployerPrincipalType')]", blob.Properties["principalType"]!.ToString());
        var queue = Assignment(StorageQueueDataMessageProcessor, deployer); // peek at and clear the poison queue (failures, retry)
        Assert.Equal(condition, queue.Node["condition"]!.ToString());
        var cosmos = Assert.Single(Infra.Main.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"), a => a.Node["condition"] is not null);
        Assert.Equal(condition, cosmos.Node["condition"]!.ToString());
        Assert.Equal(deployer, cosmos.Properties["principalId"]!.ToString());
        Assert.Equal(CosmosBuiltInDataContributor, RoleId(cosmos));
        Assert.Equal("", Infra.MainDefault("deployerPrincipalId"));
    }

    [Fact]
    public void Event_grid_topic_may_write_only_to_the_dead_letter_container()
    {
        var assignment = Assignment(StorageBlobDataContributor, "[reference(resourceId('Microsoft.EventGrid/systemTopics', parameters('name')), '2025-02-15', 'full').identity.principalId]");
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('deadLetterContainerName'))]", assignment.Node["scope"]!.ToString());
        Assert.Equal("deadletter", assignment.Resolve(JsonValue.Create("[parameters('deadLetterContainerName')]")));
    }

    [Fact]
    public void No_broad_role_is_ever_granted()
    {
        string[] broad =
        [
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
            "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
            "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", // User Access Administrator
            "17d1049b-9a84-46fb-8f53-869881c3d3ab", // Storage Account Contributor (can list keys)
            "81a9662b-bebf-436f-a333-f67b29880f12", // Storage Account Key Operator Service Role
            "5bd9cd88-fe45-4216-938b-f97437e15450", // DocumentDB Account Contributor (can list keys)
        ];
        foreach (var id in broad)
        {
            Assert.DoesNotContain(id, Infra.Main.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(id, Infra.EventGrid.Text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(7, Assignments.Count); // 4 app (blob, queue, table, metrics) + 2 deployer (blob, queue messages) + 1 Event Grid topic
        Assert.Equal(2, Infra.Main.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").Count);
    }
}
