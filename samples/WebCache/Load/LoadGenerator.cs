using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace WebCache.Load;

/// <summary>What the load saw.</summary>
public sealed record LoadResult(long Sent, long Succeeded, long Failed, long Refused, long Verified, TimeSpan LongestGap, TimeSpan Elapsed,
    System.Collections.Generic.IReadOnlyCollection<string> Failures);

/// <summary>
/// A bounded load on loopback: <c>workers</c> clients share one pooled HttpClient and send at most
/// <c>requests</c> requests within <c>duration</c> (GETs whose values are checked, and one PUT in
/// ten), then stop by themselves. A refused connection is retried after 10 ms, as a client would,
/// and counted; anything else that is not the expected answer is a failure.
/// </summary>
public sealed class LoadGenerator(Uri server, int entries, int requests, TimeSpan duration, int workers)
{
    long _sent, _succeeded, _failed, _refused, _verified, _lastCompletion, _longestGap;
    readonly Stopwatch _clock = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _failures = new();

    public long Succeeded => Interlocked.Read(ref _succeeded);

    sealed record Milestone(long Count, TaskCompletionSource Reached);

    volatile Milestone? _milestone;
    volatile bool _stopped;

    /// <summary>Ends the run early: each client stops after its current request.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Completes once <paramref name="count"/> requests have succeeded.</summary>
    public Task WhenSucceeded(long count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _milestone = new Milestone(count, reached);
        if (Succeeded >= count) reached.TrySetResult();
        return reached.Task;
    }

    public async Task<LoadResult> RunAsync()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workers, ConnectTimeout = TimeSpan.FromSeconds(10) };
        using var client = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        _clock.Start();
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++) tasks[w] = WorkAsync(client, new Random(w));
        await Task.WhenAll(tasks);
        return new LoadResult(_sent, _succeeded, _failed, _refused, _verified, TimeSpan.FromTicks(_longestGap), _clock.Elapsed,
            _failures.Select(f => $"{f.Value} x {f.Key}").ToList());
    }

    async Task WorkAsync(HttpClient client, Random random)
    {
        while (!_stopped && _clock.Elapsed < duration)
        {
            if (Interlocked.Increment(ref _sent) > requests)
            {
                Interlocked.Decrement(ref _sent);   // counted, not sent
                break;
            }
            long key = random.NextInt64(entries);
            bool put = random.Next(10) == 0;
            while (true)
            {
                try
                {
                    bool ok = put ? await PutAsync(client, key) : await GetAsync(client, key);
                    if (ok) Completed(); else Failed(put ? "PUT answered with an error" : "GET answered with an error or a wrong value");
                }
                catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                {
                    Interlocked.Increment(ref _refused);
                    if (_clock.Elapsed >= duration) { Failed("refused until the end of the run"); break; }
                    await Task.Delay(10);
                    continue;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Failed($"{(put ? "PUT" : "GET")}: {e.Message}{(e.InnerException is { } inner ? " (" + inner.Message + ")" : "")}");
                }
                break;
            }
        }
    }

    async Task<bool> GetAsync(HttpClient client, long key)
    {
        using var response = await client.GetAsync($"/cache/{key}");
        if (!response.IsSuccessStatusCode) return false;
        bool good = long.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture) == Store.Expected(key);
        if (good) Interlocked.Increment(ref _verified);
        return good;
    }

    static async Task<bool> PutAsync(HttpClient client, long key)
    {
        // Writes the value the entry must hold, so every build can verify the whole cache.
        using var body = new StringContent(Store.Expected(key).ToString(CultureInfo.InvariantCulture));
        using var response = await client.PutAsync($"/cache/{key}", body);
        return response.IsSuccessStatusCode;
    }

    void Failed(string why)
    {
        Interlocked.Increment(ref _failed);
        _failures.AddOrUpdate(why, 1, (_, n) => n + 1);
    }

    void Completed()
    {
        long succeeded = Interlocked.Increment(ref _succeeded);
        if (_milestone is { } m && succeeded >= m.Count) m.Reached.TrySetResult();
        long now = _clock.Elapsed.Ticks, previous = Interlocked.Exchange(ref _lastCompletion, now);
        long gap = now - previous, longest;
        while (gap > (longest = Interlocked.Read(ref _longestGap)) && Interlocked.CompareExchange(ref _longestGap, gap, longest) != longest) { }
    }
}
