namespace Classroom.Recognition.Tests.Parity;

/// <summary>A theory that needs face-api in Node; reported as skipped, with the reason, when Node or face-api is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FaceApiTheoryAttribute : TheoryAttribute
{
    public FaceApiTheoryAttribute()
    {
        if (FaceApiReference.UnavailableReason is { } reason)
        {
            Skip = $"face-api reference unavailable: {reason}";
        }
    }
}
