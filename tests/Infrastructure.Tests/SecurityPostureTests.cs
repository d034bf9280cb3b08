using System.Text.RegularExpressions;

namespace Classroom.Infrastructure.Tests;

/// <summary>Keyless, private, least privilege: asserted on the compiled ARM JSON of bicep/main.bicep.</summary>
public sealed partial class SecurityPostureTests
{
    [Fact]
    public void Storage_refuses_shared_keys_and_anonymous_access_and_needs_tls12_over_https()
    {
        var account = Infra.Main.Single("Microsoft.Storage/storageAccounts").Properties;
        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)account["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        foreach (var container in Infra.Main.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            Assert.Equal("None", (string?)container.Properties["publicAccess"]);
        }

        var soft = Infra.Main.Single("Microsoft.Storage/storageAccounts/blobServices").Properties["deleteRetentionPolicy"]!;
        Assert.True((bool)soft["enabled"]!);
    }

    [Fact]
    public void Storage_creates_every_container_the_system_uses()
    {
        var storage = Infra.Main.Single("Microsoft.Storage/storageAccounts");
        var names = new[] { "inputContainerName", "outputContainerName", "rosterContainerName", "deadLetterContainerName", "deploymentContainerName" }
            .Select(p => storage.Template.Resolve(storage.Template.PassedValue(p)))
            .ToList();
        Assert.Equal(["videos", "results", "roster", "deadletter", "app-package"], names);
        var loop = Infra.Main.Single("Microsoft.Storage/storageAccounts/blobServices/containers").Node["copy"]!;
        Assert.Equal("[length(variables('containerNames'))]", loop["count"]!.ToString());
        Assert.Equal(5, storage.Template.Root["variables"]!["containerNames"]!.AsArray().Count);
    }

    [Fact]
    public void Lifecycle_rule_deletes_only_input_videos_and_only_when_asked()
    {
        var policy = Infra.Main.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        Assert.Equal("[greater(parameters('deleteProcessedVideosAfterDays'), 0)]", policy.Node["condition"]!.ToString());
        Assert.Equal("0", Infra.MainDefault("deleteProcessedVideosAfterDays"));
        var rule = policy.Properties["policy"]!["rules"]!.AsArray().Single()!;
        Assert.Equal("[format('{0}/', parameters('inputContainerName'))]", rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Single()!.ToString());
    }

    [Fact]
    public void Cosmos_is_serverless_entra_only_with_the_students_container_keyed_by_id()
    {
        var account = Infra.Main.Single("Microsoft.DocumentDB/databaseAccounts").Properties;
        Assert.True((bool)account["disableLocalAuth"]!);
        Assert.True((bool)account["disableKeyBasedMetadataWriteAccess"]!);
        Assert.Equal("Tls12", (string?)account["minimalTlsVersion"]);
        Assert.Contains(account["capabilities"]!.AsArray(), c => (string?)c!["name"] == "EnableServerless");

        var database = Infra.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        Assert.Equal("classroom", database.Resolve(database.Properties["resource"]!["id"]));
        var container = Infra.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        Assert.Equal("students", container.Resolve(container.Properties["resource"]!["id"]));
        Assert.Equal("/id", container.Properties["resource"]!["partitionKey"]!["paths"]!.AsArray().Single()!.ToString());
    }

    [Fact]
    public void Telemetry_accepts_only_entra_id_ingestion()
    {
        Assert.True((bool)Infra.Main.Single("Microsoft.Insights/components").Properties["DisableLocalAuth"]!);
        Assert.True((bool)Infra.Main.Single("Microsoft.OperationalInsights/workspaces").Properties["features"]!["disableLocalAuth"]!);
        Assert.Equal("[format('Authorization=AAD;ClientId={0}', parameters('identityClientId'))]", Infra.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void Stage_one_reads_no_key_connection_string_or_sas_anywhere()
    {
        var text = Infra.Main.Text;
        Assert.Empty(ListFunction().Matches(text).Select(m => m.Value));
        foreach (var secret in new[] { "AccountKey", "SharedAccessSignature", "primaryMasterKey", "DefaultEndpointsProtocol", "UseDevelopmentStorage" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void App_settings_hold_no_secret_and_no_setting_flex_consumption_rejects()
    {
        var settings = Infra.AppSettings;
        string[] forbidden =
        [
            "AzureWebJobsStorage", "ClassroomStorage", "Classroom__Cosmos__ConnectionString", "FUNCTIONS_WORKER_RUNTIME",
            "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE",
        ];
        Assert.DoesNotContain(forbidden, settings.ContainsKey);
        // The one connection string is Application Insights': an endpoint plus a component id, which
        // grants nothing while the component's local auth is off (asserted above).
        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], settings.Keys.Where(k => k.Contains("CONNECTION", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("[parameters('appInsightsConnectionString')]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        foreach (var connection in new[] { "AzureWebJobsStorage", "ClassroomStorage" })
        {
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.Equal("[parameters('identityClientId')]", settings[$"{connection}__clientId"]);
            Assert.Equal("[parameters('blobEndpoint')]", settings[$"{connection}__blobServiceUri"]);
            Assert.Equal("[parameters('queueEndpoint')]", settings[$"{connection}__queueServiceUri"]);
        }

        // The host's own diagnostic events go to tables of its storage (the table role is in RoleAssignmentTests).
        Assert.Equal("[parameters('tableEndpoint')]", settings["AzureWebJobsStorage__tableServiceUri"]);
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.tableEndpoint.value]", Infra.Site.Template.PassedValue("tableEndpoint")!.ToString());

        Assert.Equal("[parameters('identityClientId')]", settings["AZURE_CLIENT_ID"]);
        // identityClientId is the user-assigned identity's client id, and the app runs as that identity only.
        Assert.Equal("[reference(resourceId('Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.clientId.value]", Infra.Site.Template.PassedValue("identityClientId")!.ToString());
        var identity = Infra.Site.Node["identity"]!;
        Assert.Equal("UserAssigned", (string?)identity["type"]);
        Assert.Equal(["[format('{0}', parameters('identityId'))]"], identity["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Function_app_is_flex_consumption_https_only_with_identity_based_deployment_storage()
    {
        var plan = Infra.Main.Single("Microsoft.Web/serverfarms").Node["sku"]!;
        Assert.Equal(("FlexConsumption", "FC1"), ((string?)plan["tier"], (string?)plan["name"]));

        var site = Infra.Site.Properties;
        Assert.True((bool)site["httpsOnly"]!);
        Assert.Equal("1.2", (string?)site["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)site["siteConfig"]!["ftpsState"]);

        var config = site["functionAppConfig"]!;
        var storage = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal("[parameters('identityId')]", storage["authentication"]!["userAssignedIdentityResourceId"]!.ToString());
        Assert.Null(storage["authentication"]!["storageAccountConnectionStringName"]);
        Assert.Equal("[format('{0}{1}', parameters('blobEndpoint'), parameters('deploymentContainerName'))]", storage["value"]!.ToString());
        Assert.Equal("app-package", Infra.Site.Resolve(Infra.Site.Template.PassedValue("deploymentContainerName")));

        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("[parameters('instanceMemoryMB')]", config["scaleAndConcurrency"]!["instanceMemoryMB"]!.ToString());
        Assert.Equal("[parameters('maximumInstanceCount')]", config["scaleAndConcurrency"]!["maximumInstanceCount"]!.ToString());

        var basicAuth = Infra.Main.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(2, basicAuth.Count);
        Assert.All(basicAuth, p => Assert.False((bool)p.Properties["allow"]!));
    }

    [Fact]
    public void Runtime_version_is_the_target_framework_the_solution_builds()
    {
        var version = Infra.Site.Resolve(Infra.Site.Properties["functionAppConfig"]!["runtime"]!["version"]);
        var props = File.ReadAllText(Repo.PathOf("Directory.Build.props"));
        var framework = TargetFramework().Match(props).Groups[1].Value;
        Assert.Equal($"net{version}", framework);
    }

    [Fact]
    public void Outputs_expose_no_secret()
    {
        foreach (var template in new[] { Infra.Main, Infra.EventGrid })
        {
            foreach (var output in template.Root["outputs"]!.AsObject())
            {
                Assert.DoesNotMatch("(?i)key|secret|password|connection", output.Key);
                Assert.DoesNotMatch("(?i)list\\w*\\(", output.Value!.ToJsonString());
            }
        }
    }

    [Fact]
    public void Every_top_level_resource_is_tagged()
    {
        string[] tagged =
        [
            "Microsoft.Storage/storageAccounts", "Microsoft.DocumentDB/databaseAccounts", "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Insights/components", "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.Web/serverfarms",
            "Microsoft.Web/sites", "Microsoft.EventGrid/systemTopics",
            "Microsoft.Insights/actionGroups", "Microsoft.Insights/scheduledQueryRules", "Microsoft.Insights/metricAlerts",
        ];
        foreach (var type in tagged)
        {
            var resources = Infra.Main.OfType(type);
            Assert.NotEmpty(resources);
            Assert.All(resources, r => Assert.True(r.Node["tags"] is not null, $"{type} has no tags"));
        }

        // Every resource type that accepts tags is in the list above (child resources and role assignments do not).
        var topLevel = Infra.Main.AllResources().Select(r => r.Type).Where(t => t.Count(c => c == '/') == 1).Distinct();
        Assert.Empty(topLevel.Except([.. tagged, "Microsoft.Resources/deployments", "Microsoft.Authorization/roleAssignments"]));
    }

    [GeneratedRegex(@"(?i)\blist\w*\(")]
    private static partial Regex ListFunction();

    [GeneratedRegex("<TargetFramework>([^<]+)</TargetFramework>")]
    private static partial Regex TargetFramework();
}
