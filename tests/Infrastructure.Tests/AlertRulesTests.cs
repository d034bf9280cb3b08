using System.Text.Json.Nodes;

namespace Classroom.Infrastructure.Tests;

/// <summary>Operators hear about failed videos, poison messages and undeliverable events (docs/operations.md).</summary>
public sealed class AlertRulesTests
{
    [Fact]
    public void Failed_videos_alert_on_the_jobs_own_event_over_its_application_insights()
    {
        var rule = Infra.Main.Single("Microsoft.Insights/scheduledQueryRules");
        var criterion = rule.Properties["criteria"]!["allOf"]![0]!;
        var query = criterion["query"]!.ToString();

        // The query reads the event VideoBlobJob logs, by the name the job gives it.
        var job = File.ReadAllText(Repo.PathOf("src", "Cloud", "Jobs", "VideoBlobJob.cs"));
        Assert.Contains("VideoProcessedEvent = \"VideoProcessed\"", job, StringComparison.Ordinal);
        Assert.Contains("customDimensions.EventName == \"VideoProcessed\"", query, StringComparison.Ordinal);
        Assert.Contains("customDimensions.Status", query, StringComparison.Ordinal);
        Assert.StartsWith("[resourceId('Microsoft.Insights/components', parameters('appInsightsName'))]", rule.Properties["scopes"]![0]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("0.2", Infra.MainDefault("alertErrorRate"));
        Assert.Equal("PT15M", (string?)rule.Properties["windowSize"]);
    }

    [Theory]
    [InlineData("QueueMessageCount", "Microsoft.Storage/storageAccounts/queueServices")]
    [InlineData("DeadLetteredCount", "Microsoft.EventGrid/systemTopics")]
    public void Poison_messages_and_dead_letters_alert_on_their_metric_above_zero(string metric, string metricNamespace)
    {
        var alert = Assert.Single(Infra.Main.OfType("Microsoft.Insights/metricAlerts"), a => a.Properties["criteria"]!["allOf"]![0]!["metricName"]!.ToString() == metric);
        var criterion = alert.Properties["criteria"]!["allOf"]![0]!;

        Assert.Equal(metricNamespace, (string?)criterion["metricNamespace"]);
        Assert.Equal("GreaterThan", (string?)criterion["operator"]);
        Assert.Equal(0, (int)criterion["threshold"]!);
        Assert.True((bool)alert.Properties["enabled"]!);
    }

    [Fact]
    public void The_e_mail_action_group_exists_only_when_an_address_is_given_and_every_alert_uses_it()
    {
        var group = Infra.Main.Single("Microsoft.Insights/actionGroups");
        Assert.Equal("[not(empty(parameters('alertEmail')))]", group.Node["condition"]!.ToString());
        Assert.Equal("", Infra.MainDefault("alertEmail"));
        Assert.Equal("[variables('actions')]", Infra.Main.Single("Microsoft.Insights/scheduledQueryRules").Properties["actions"]!["actionGroups"]!.ToString());
        Assert.All(Infra.Main.OfType("Microsoft.Insights/metricAlerts"), a =>
            Assert.Equal("[variables('actions')[copyIndex('actions')]]", a.Properties["copy"]![0]!["input"]!["actionGroupId"]!.ToString()));
        Assert.IsType<JsonObject>(group.Properties["emailReceivers"]![0]);
    }
}
