namespace Classroom.Cloud;

/// <summary>Container and blob names (section "Classroom"; see docs/settings.md).</summary>
public sealed class ClassroomCloudOptions
{
    public const string SectionName = "Classroom";

    /// <summary>The name of the storage connection: a connection string, or a section with blobServiceUri/credential/clientId.</summary>
    public const string StorageConnectionName = "ClassroomStorage";

    /// <summary>The container whose new blobs trigger processing.</summary>
    public string InputContainer { get; set; } = "videos";

    /// <summary>The container the CSV (and <c>.error.json</c>) results go to.</summary>
    public string OutputContainer { get; set; } = "results";

    /// <summary>The container holding the known-faces blob.</summary>
    public string RosterContainer { get; set; } = "roster";

    /// <summary>The known-faces blob: our JSON format or the original's pickle (<c>encoding</c>).</summary>
    public string RosterBlob { get; set; } = "known-faces.json";
}

/// <summary>Cosmos DB NoSQL settings (section "Classroom:Cosmos").</summary>
public sealed class CosmosOptions
{
    public const string SectionName = "Classroom:Cosmos";

    /// <summary>The account endpoint, used with Microsoft Entra ID (managed identity) auth in Azure.</summary>
    public string? AccountEndpoint { get; set; }

    /// <summary>Key auth, for local emulators/servers only; never set in Azure.</summary>
    public string? ConnectionString { get; set; }

    public string Database { get; set; } = "classroom";

    /// <summary>The students container: partition key path <c>/id</c>, <c>id</c> = student name.</summary>
    public string Container { get; set; } = "students";

    /// <summary>True when the account is reached with a key (a local emulator), which may also create the database and container.</summary>
    public bool UsesKey => !string.IsNullOrWhiteSpace(ConnectionString);
}
