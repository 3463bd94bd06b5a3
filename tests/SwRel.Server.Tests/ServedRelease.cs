using System.Net.Http.Headers;
using System.Text;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;

namespace SwRel.Server.Tests;

/// <summary>
/// The argus release served from <c>provider/</c> of a daemon's data folder by file://, and tickets of the data folder's
/// ticket store that carry it: what a provider submits, for the tests that run the real <c>swrel serve</c>.
/// </summary>
internal static class ServedRelease
{
    /// <summary>What the one package of the release holds.</summary>
    public const string PackageContent = "fake rpm: argus-pap 1.7.3\n";

    /// <summary>Writes the release's package once and returns its checksum manifest.</summary>
    public static async Task<byte[]> ProvideAsync(string dataFolder)
    {
        var provider = Provider(dataFolder);
        Directory.CreateDirectory(provider);
        await File.WriteAllTextAsync(Path.Combine(provider, ArgusRelease.Package), PackageContent);
        return Encoding.UTF8.GetBytes(MetalinkWriter.WriteToString(await ManifestBuilder.CreateAsync(provider)));
    }

    /// <summary>Creates a ticket of the major release that carries the release and its manifest, moved to Unverified.</summary>
    public static async Task<int> SubmitAsync(string dataFolder, string majorRelease, byte[] manifest)
    {
        var store = new SqliteTicketStore(Path.Combine(dataFolder, "tickets.db"));
        var created = await store.CreateTicketAsync(
            new Dictionary<string, string>
            {
                [TicketField.AssociatedMajorRelease.ToName()] = majorRelease,
                [TicketField.SyncProtocol.ToName()] = "file",
                [TicketField.SyncUrl.ToName()] = new Uri(Provider(dataFolder)).AbsoluteUri,
            },
            "daemon test",
            default);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        Assert.True((await store.AttachAsync(created.TicketId, "release.xml", Encoding.UTF8.GetBytes(ArgusRelease.Xml), TicketWriter.SoftwareProvider, default)).Succeeded);
        Assert.True((await store.AttachAsync(created.TicketId, "checksums.xml", manifest, TicketWriter.SoftwareProvider, default)).Succeeded);
        Assert.True(await store.TrySetRolloutProgressAsync(created.TicketId, RolloutProgress.Submitted, RolloutProgress.Unverified, null, default));
        return created.TicketId;
    }

    /// <summary>Posts a move of the ticket to the daemon's API with the write token.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri server, int ticket, string from = "Submitted", string to = "Unverified")
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "api/requests"))
        {
            Content = new StringContent(
                $"Ticket_Id={ticket}&Previous_Rollout_Progress={from}&Current_Rollout_Progress={to}&Emergency_Release=No",
                Encoding.UTF8,
                "application/x-www-form-urlencoded"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeProcess.Token);
        return await http.SendAsync(message);
    }

    private static string Provider(string dataFolder) => Path.Combine(dataFolder, "provider");
}
