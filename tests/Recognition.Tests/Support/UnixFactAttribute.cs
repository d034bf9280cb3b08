namespace Classroom.Recognition.Tests.Support;

/// <summary>A fact about Unix file modes: reported as skipped on Windows, where files have ACLs instead.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes only";
        }
    }
}
