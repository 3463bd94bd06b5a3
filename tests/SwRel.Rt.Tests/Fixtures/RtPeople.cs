using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>What the people of the workflow do in RT, through REST 2.0 as themselves.</summary>
public static class RtPeople
{
    /// <summary>Creates a sw-rel ticket as a provider would: the fields, and release.xml and the manifest as uploads.</summary>
    public static async Task<int> CreateTicketAsync(HttpClient client, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, byte[]>? uploads = null)
    {
        var customFields = new JsonObject();
        foreach (var (name, value) in fields)
        {
            customFields[name] = value;
        }

        using var form = new MultipartFormDataContent();
        foreach (var (field, content) in uploads ?? new Dictionary<string, byte[]>())
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            var upload = "upload_" + field;
            form.Add(part, upload, field == "ReleaseMetadata" ? "release.xml" : "checksums.xml");
            customFields[field] = new JsonObject { ["UploadField"] = upload };
        }

        var body = new JsonObject
        {
            ["Queue"] = "sw-rel",
            ["Subject"] = "Release for tests",
            ["Requestor"] = RtFixture.Provider,
            ["Content"] = "Please release this.",
            ["CustomFields"] = customFields,
        };
        var json = new StringContent(body.ToJsonString(), Encoding.UTF8);
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(json, "JSON");
        using var response = await client.PostAsync("REST/2.0/ticket", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"creating a ticket: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        return int.Parse(document.RootElement.GetProperty("id").ToString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sets custom fields as the client's user; returns RT's messages.</summary>
    public static async Task<string> SetFieldsAsync(HttpClient client, int ticket, IReadOnlyDictionary<string, string> fields)
    {
        var customFields = new JsonObject();
        foreach (var (name, value) in fields)
        {
            customFields[name] = value;
        }

        using var response = await client.PutAsync($"REST/2.0/ticket/{ticket}", new StringContent(new JsonObject { ["CustomFields"] = customFields }.ToJsonString(), Encoding.UTF8, "application/json"));
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    /// <summary>Reads one custom field's value as the client's user ("" when empty).</summary>
    public static async Task<string> FieldAsync(HttpClient client, int ticket, string field)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"REST/2.0/ticket/{ticket}"));
        foreach (var cf in document.RootElement.GetProperty("CustomFields").EnumerateArray())
        {
            if (cf.GetProperty("name").GetString() == field)
            {
                var values = cf.GetProperty("values");
                return values.GetArrayLength() == 0 ? "" : values[0].ToString();
            }
        }

        return "";
    }

    /// <summary>Finds the subjects of a ticket's comments, as a person sees them in RT's history.</summary>
    public static async Task<IReadOnlyList<string>> CommentSubjectsAsync(HttpClient client, int ticket)
    {
        var subjects = new List<string>();
        using var history = JsonDocument.Parse(await client.GetStringAsync($"REST/2.0/ticket/{ticket}/history?fields=Type&per_page=100"));
        foreach (var txn in history.RootElement.GetProperty("items").EnumerateArray())
        {
            if (txn.GetProperty("Type").GetString() != "Comment")
            {
                continue;
            }

            using var attachments = JsonDocument.Parse(await client.GetStringAsync($"REST/2.0/transaction/{txn.GetProperty("id")}/attachments?fields=Subject"));
            foreach (var attachment in attachments.RootElement.GetProperty("items").EnumerateArray())
            {
                if (attachment.GetProperty("Subject").GetString() is { Length: > 0 } subject)
                {
                    subjects.Add(subject);
                }
            }
        }

        return subjects;
    }

    /// <summary>Finds a ticket's comments' text (RT keeps a comment's body as an attachment of its transaction).</summary>
    public static async Task<IReadOnlyList<string>> CommentsAsync(HttpClient client, int ticket)
    {
        var comments = new List<string>();
        using var history = JsonDocument.Parse(await client.GetStringAsync($"REST/2.0/ticket/{ticket}/history?fields=Type&per_page=100"));
        foreach (var txn in history.RootElement.GetProperty("items").EnumerateArray())
        {
            if (txn.GetProperty("Type").GetString() != "Comment")
            {
                continue;
            }

            using var attachments = JsonDocument.Parse(await client.GetStringAsync($"REST/2.0/transaction/{txn.GetProperty("id")}/attachments?fields=Content,ContentType"));
            foreach (var attachment in attachments.RootElement.GetProperty("items").EnumerateArray())
            {
                // A listing gives the content as text; only a single attachment's GET gives it in base64.
                if (attachment.GetProperty("ContentType").GetString() == "text/plain" && attachment.GetProperty("Content").GetString() is { } text)
                {
                    comments.Add(text);
                }
            }
        }

        return comments;
    }
}
