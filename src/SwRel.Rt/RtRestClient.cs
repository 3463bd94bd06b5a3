using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SwRel.Rt;

/// <summary>
/// The calls SwRel makes to RT's REST 2.0 API, over an <see cref="HttpClient"/> from <c>IHttpClientFactory</c>
/// (its resilience handler retries transient failures). Every failure becomes an <see cref="RtException"/> naming the
/// ticket, the call and RT's message.
/// </summary>
internal sealed class RtRestClient
{
    public const string HttpClientName = "SwRel.Rt";
    private const string Api = "REST/2.0/";
    private readonly HttpClient http;
    private readonly Uri baseUrl;
    private readonly AuthenticationHeaderValue authorization;

    public RtRestClient(IHttpClientFactory factory, IOptions<RtOptions> options)
    {
        var o = options.Value;
        http = factory.CreateClient(HttpClientName);
        var url = o.Url ?? throw new InvalidOperationException("Tickets:Rt:Url is not set.");
        baseUrl = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        authorization = string.IsNullOrEmpty(o.Token)
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.User}:{o.Password}")))
            : new AuthenticationHeaderValue("token", o.Token);
    }

    /// <summary>GETs a resource; <see langword="null"/> when RT answers 404.</summary>
    public async Task<JsonElement?> GetAsync(string path, int? ticketId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path);
        return await SendAsync(request, ticketId, allowNotFound: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a resource with its <c>ETag</c> (for a ticket, the id of its newest transaction); <see langword="null"/> when RT answers 404.</summary>
    public async Task<(JsonElement Json, string? ETag)?> GetWithETagAsync(string path, int? ticketId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path);
        string? etag = null;
        var json = await SendAsync(request, ticketId, allowNotFound: true, cancellationToken, response => etag = ETagOf(response)).ConfigureAwait(false);
        return json is { } found ? (found, etag) : null;
    }

    /// <summary>Sends JSON and returns RT's answer.</summary>
    public async Task<JsonElement?> SendJsonAsync(HttpMethod method, string path, JsonNode body, int? ticketId, CancellationToken cancellationToken)
    {
        using var request = Request(method, path);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await SendAsync(request, ticketId, allowNotFound: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends JSON only if the resource is unchanged since it was read with <paramref name="etag"/> (<c>If-Match</c>).
    /// </summary>
    /// <returns>RT's answer, or <see langword="null"/> when RT refused the change because the resource had changed (HTTP 412).</returns>
    public async Task<JsonElement?> SendJsonIfMatchAsync(HttpMethod method, string path, JsonNode body, string etag, int? ticketId, CancellationToken cancellationToken)
    {
        using var request = Request(method, path);
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var changed = false;
        var answer = await SendAsync(request, ticketId, allowNotFound: false, cancellationToken, response => changed = response.StatusCode == HttpStatusCode.PreconditionFailed)
            .ConfigureAwait(false);
        return changed ? null : answer ?? default(JsonElement);
    }

    /// <summary>Sends a multipart form (RT's way of uploading a file into a custom field).</summary>
    public async Task<JsonElement?> SendMultipartAsync(HttpMethod method, string path, MultipartFormDataContent content, int? ticketId, CancellationToken cancellationToken)
    {
        using var request = Request(method, path);
        request.Content = content;
        return await SendAsync(request, ticketId, allowNotFound: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs raw bytes (an attachment's or an upload's content); <see langword="null"/> when RT answers 404.</summary>
    public async Task<byte[]?> GetBytesAsync(string path, int? ticketId, long maxBytes, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        var call = Call(request);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RtException(ticketId, call, await MessageAsync(response, cancellationToken).ConfigureAwait(false));
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new RtException(ticketId, call, $"the content is {response.Content.Headers.ContentLength} bytes, more than the {maxBytes} allowed");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        throw new RtException(ticketId, call, $"the content is more than the {maxBytes} bytes allowed");
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new RtException(ticketId, call, $"RT did not answer ({e.Message})", e);
        }
    }

    /// <summary>Makes a REST 2.0 path absolute; accepts the absolute <c>_url</c> links RT returns as they are.</summary>
    public Uri Resolve(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new Uri(baseUrl, Api + path.TrimStart('/'));

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, Resolve(path));
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static string Call(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";

    // RT quotes its ETag as HTTP says, but the typed header parser is strict, so the value is read as sent.
    private static string? ETagOf(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("ETag", out var values) ? values.FirstOrDefault() : null;

    private async Task<JsonElement?> SendAsync(
        HttpRequestMessage request, int? ticketId, bool allowNotFound, CancellationToken cancellationToken, Action<HttpResponseMessage>? onResponse = null)
    {
        var call = Call(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            onResponse?.Invoke(response);
            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (response.StatusCode == HttpStatusCode.PreconditionFailed && request.Headers.Contains("If-Match"))
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RtException(ticketId, call, await MessageAsync(response, cancellationToken).ConfigureAwait(false));
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return default(JsonElement);
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new RtException(ticketId, call, $"RT's answer is not JSON ({e.Message})", e);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new RtException(ticketId, call, $"RT did not answer ({e.Message})", e);
        }
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return status;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message))
            {
                return $"{status}: {message}";
            }
        }
        catch (JsonException)
        {
        }

        text = text.Trim();
        return text.Length is > 0 and < 300 ? $"{status}: {text}" : status;
    }
}
