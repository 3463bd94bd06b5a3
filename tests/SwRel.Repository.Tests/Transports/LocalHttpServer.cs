using System.Net;

namespace SwRel.Repository.Tests.Transports;

/// <summary>A tiny HTTP server on 127.0.0.1 serving fixed files; a path in <see cref="Stalled"/> never answers.</summary>
/// <remarks>
/// HttpListener cannot listen on port 0 and say which port it got, so it is given a port that was free a moment ago;
/// when something else took that port first, starting fails and the server tries another one.
/// </remarks>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalHttpServer()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.OnLoopback();
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                ((IDisposable)_listener).Dispose();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; private set; }

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Stalled { get; } = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // The managed HttpListener looks its port's endpoint up again on Close after Stop and binds the port to do
            // so, which fails when another test has taken the freed port meanwhile; the listener is stopped already.
        }

        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'));
        lock (Requests)
        {
            Requests.Add(path);
        }

        try
        {
            if (Stalled.Contains(path))
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            if (Files.TryGetValue(path, out var content))
            {
                context.Response.StatusCode = 200;
                context.Response.ContentLength64 = content.Length;
                await context.Response.OutputStream.WriteAsync(content);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
        }
    }
}
