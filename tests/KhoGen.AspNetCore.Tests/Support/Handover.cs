using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using WebCache.Load;

namespace KhoGen.AspNetCore.Tests.Support;

/// <summary>
/// A web cache release serving the handover socket on loopback, under a bounded load, for the
/// zero-downtime fault tests: every release of one test shares the runtime folder, the instance
/// and the URL, as a deployment does.
/// </summary>
sealed class HandoverSetup : IDisposable
{
    public const int Entries = 20_000;
    public const string Instance = "faults";

    readonly TempDir _runtime = new();

    public HandoverSetup(TimeSpan handoverTimeout)
    {
        HandoverTimeout = handoverTimeout;
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Server = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndPoint!).Port}/");
    }

    public TimeSpan HandoverTimeout { get; }
    public Uri Server { get; }
    public string RuntimeFolder => _runtime.Path;
    public string Socket => _runtime.File($"WebCache.{Instance}.sock");
    public string Address => $"WebCache/{Instance}";

    public string[] Args(params string[] extra) =>
    [
        "--entries", Entries.ToString(CultureInfo.InvariantCulture), "--urls", Server.ToString(), "--KhoGen:InstanceName=" + Instance,
        "--KhoGen:HandoverSocket=true", "--KhoGen:RuntimeFolder=" + RuntimeFolder,
        "--KhoGen:HandoverTimeout=" + HandoverTimeout.ToString("c", CultureInfo.InvariantCulture), .. extra,
    ];

    /// <summary>Starts a release and waits until it serves.</summary>
    public async Task<ServiceProcess> StartAsync(int release, IDictionary<string, string?>? environment = null, params string[] extra)
    {
        var service = Releases.Start(release, Args(extra), environment);
        await service.WaitForLineAsync("kho: serving");
        return service;
    }

    /// <summary>A load that runs until stopped (or 5 minutes), from 4 pooled clients.</summary>
    public LoadGenerator Load() => new(Server, Entries, int.MaxValue, TimeSpan.FromMinutes(5), 4);

    /// <summary>What /info and /verify say now.</summary>
    public async Task<(string Info, string Verified)> AskAsync()
    {
        using var http = new HttpClient { BaseAddress = Server, Timeout = ServiceProcess.Timeout };
        return (await http.GetStringAsync("/info"), await http.GetStringAsync("/verify"));
    }

    public void Dispose() => _runtime.Dispose();
}

/// <summary>Handover protocol frames written byte by byte, as docs/live-update.md#protocol describes them (not with the library's code).</summary>
static class Frames
{
    public const ushort Hello = 1, Image = 2, Ack = 3, Refused = 4;

    public static byte[] Frame(ushort type, byte[] body, ushort version = 1, uint? bodyLength = null, uint descriptors = 0)
    {
        var frame = new byte[16 + body.Length];
        "KHOH"u8.CopyTo(frame);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), version);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), type);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), bodyLength ?? (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12), descriptors);
        body.CopyTo(frame, 16);
        return frame;
    }

    public static byte[] Texts(params string[] texts)
    {
        var body = new MemoryStream();
        foreach (string text in texts)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            body.Write(BitConverter.GetBytes((uint)b.Length));
            body.Write(b);
        }
        return body.ToArray();
    }

    public static byte[] HelloBody(string address, string catalogJson) => Texts("a forging peer", address, catalogJson);

    public static byte[] AckBody(byte status, string message) => [status, .. Texts(message)];

    /// <summary>Receives one frame: its type and body (descriptors, if any, are discarded by the kernel); null when the peer closed first.</summary>
    public static (ushort Type, byte[] Body)? Receive(Socket socket)
    {
        var header = new byte[16];
        if (ReceiveAll(socket, header) < 16) return null;
        var body = new byte[BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8))];
        if (ReceiveAll(socket, body) < body.Length) return null;
        return (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)), body);
    }

    static int ReceiveAll(Socket socket, byte[] into)
    {
        int got = 0;
        while (got < into.Length)
        {
            int n;
            try { n = socket.Receive(into, got, into.Length - got, SocketFlags.None); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { break; }
            if (n == 0) break;
            got += n;
        }
        return got;
    }
}
