using Classroom.Recognition.Pipeline;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;

namespace Classroom.Cloud.Storage;

/// <summary>What failed, and why: one video's error result, a message on the blob trigger's poison queue, or an event Event Grid could not deliver.</summary>
/// <param name="Kind"><c>error_result</c>, <c>poison</c> or <c>dead_letter</c>.</param>
/// <param name="Video">The input blob's name.</param>
/// <param name="Reason">One line.</param>
/// <param name="When">When it was recorded.</param>
public sealed record Failure(string Kind, string Video, string Reason, DateTimeOffset? When);

/// <summary>
/// Finds what failed (<c>./classroom failures</c>) and runs it again (<c>./classroom retry</c>). Read-only except
/// <see cref="ClearAsync"/>, which removes a video's error result and poison messages before it is run again (the job
/// would otherwise skip a video whose error result is current).
/// </summary>
public sealed class Failures(BlobContainerClient input, BlobContainerClient output, QueueClient poison, BlobContainerClient deadLetter)
{
    /// <summary>The queue the blobs extension moves a message to after poisonBlobThreshold failed tries (on the trigger's storage connection).</summary>
    public const string PoisonQueueName = "webjobs-blobtrigger-poison";

    public static QueueClient PoisonQueue(QueueServiceClient queues) => (queues ?? throw new ArgumentNullException(nameof(queues))).GetQueueClient(PoisonQueueName);

    public async Task<List<Failure>> ListAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var failures = new List<Failure>();
        if (await output.ExistsAsync(cancellationToken))
        {
            await foreach (var item in output.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (item.Name.EndsWith(".error.json", StringComparison.Ordinal) && (since is null || item.Properties.LastModified >= since))
                {
                    var text = (await output.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
                    var (video, reason) = ErrorDocument(text, item.Name);
                    failures.Add(new Failure("error_result", video, reason, item.Properties.LastModified));
                }
            }
        }

        if (await poison.ExistsAsync(cancellationToken))
        {
            foreach (var message in (await poison.PeekMessagesAsync(32, cancellationToken)).Value)
            {
                if (PoisonBlob(message.Body.ToString()) is { } blob && blob.Container == input.Name && (since is null || message.InsertedOn >= since))
                {
                    failures.Add(new Failure("poison", blob.Name, "failed every try (host.json poisonBlobThreshold); the invocations' exceptions are in Application Insights", message.InsertedOn));
                }
            }
        }

        if (await deadLetter.ExistsAsync(cancellationToken))
        {
            await foreach (var item in deadLetter.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (since is null || item.Properties.LastModified >= since)
                {
                    var text = (await deadLetter.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
                    failures.AddRange(DeadLetters(text, input.Name).Select(d => new Failure("dead_letter", d.Video, d.Reason, item.Properties.LastModified)));
                }
            }
        }

        return failures;
    }

    /// <summary>Removes the video's error result and its poison messages, so that it can be run again; returns what was removed.</summary>
    public async Task<int> ClearAsync(string video, CancellationToken cancellationToken)
    {
        var removed = (await output.GetBlobClient(ResultNames.Error(video)).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value ? 1 : 0;
        if (await poison.ExistsAsync(cancellationToken))
        {
            foreach (var message in (await poison.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), cancellationToken)).Value)
            {
                if (PoisonBlob(message.Body.ToString()) is { } blob && blob.Container == input.Name && blob.Name == video)
                {
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    removed++;
                }
                else
                {
                    await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                }
            }
        }

        return removed;
    }

    private static (string Video, string Reason) ErrorDocument(string text, string name)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return (json.RootElement.TryGetProperty("video", out var v) ? v.GetString() ?? name : name,
                json.RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? "error" : "error");
        }
        catch (JsonException)
        {
            return (name, "unreadable error result");
        }
    }

    private static (string Container, string Name)? PoisonBlob(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("ContainerName", out var c) && json.RootElement.TryGetProperty("BlobName", out var b)
                ? (c.GetString() ?? "", b.GetString() ?? "") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Event Grid's dead-letter blobs: a JSON array of the undelivered events, each with deadLetterReason.</summary>
    private static List<(string Video, string Reason)> DeadLetters(string text, string container)
    {
        var found = new List<(string Video, string Reason)>();
        try
        {
            using var json = JsonDocument.Parse(text);
            var events = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
            var prefix = $"/blobServices/default/containers/{container}/blobs/";
            foreach (var e in events)
            {
                var subject = e.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : "";
                var reason = e.TryGetProperty("deadLetterReason", out var r) ? r.GetString() ?? "undelivered" : "undelivered";
                var attempts = e.TryGetProperty("deliveryAttempts", out var a) && a.TryGetInt32(out var n) ? $" after {n} attempts" : "";
                if (subject.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add((subject[prefix.Length..], $"Event Grid could not deliver the event{attempts}: {reason}"));
                }
            }
        }
        catch (JsonException)
        {
            // not an Event Grid dead letter
        }

        return found;
    }
}
