using System;
using System.IO;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// KhoFdStore's side of systemd's protocol that needs no second process: FDNAME rules, and which
/// LISTEN_FDS descriptors it takes (tests/KhoGen.LiveUpdate.Tests/FdStoreTests.cs runs the whole
/// protocol with real processes).
/// </summary>
[Collection(ListenVariables)]
public class FdStoreTests
{
    public const string ListenVariables = "LISTEN_* variables";

    [Theory]
    [InlineData("")]
    [InlineData("a:b")]
    [InlineData("new\nline")]
    public void A_name_systemd_would_refuse_is_refused_before_anything_is_sent(string name)
    {
        using var region = KhoRegion<Formats.PageV1>.Create();
        Assert.Throws<ArgumentException>(() => KhoFdStore.Store("/nonexistent/notify", name, region));
    }

    [Fact]
    public void Nothing_listening_at_the_notify_socket_is_an_IOException()
    {
        using var region = KhoRegion<Formats.PageV1>.Create();
        var e = Assert.Throws<IOException>(() => KhoFdStore.Store("/nonexistent/notify", "pages", region));
        Assert.Contains("FDSTORE=1 FDNAME=pages", e.Message);
    }

    static void WithListen(string? pid, string? fds, string? names, Action check)
    {
        Environment.SetEnvironmentVariable("LISTEN_PID", pid);
        Environment.SetEnvironmentVariable("LISTEN_FDS", fds);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", names);
        try { check(); }
        finally
        {
            foreach (var v in new[] { "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES" }) Environment.SetEnvironmentVariable(v, null);
        }
    }

    [Fact]
    public void Descriptors_for_another_process_or_of_other_names_are_not_taken()
    {
        WithListen("1", "1", "pages", () => Assert.Empty(KhoFdStore.Listened("pages")));   // LISTEN_PID is not this process
        WithListen(Environment.ProcessId.ToString(), "2", "http:other", () =>
        {
            Assert.Empty(KhoFdStore.Listened("pages"));
            Assert.Equal("2", Environment.GetEnvironmentVariable("LISTEN_FDS"));   // left for the other readers
        });
        WithListen(null, null, null, () => Assert.Empty(KhoFdStore.Listened("pages")));
    }

    [Fact]
    public void Malformed_variables_are_a_FormatException()
    {
        WithListen(Environment.ProcessId.ToString(), "two", null, () => Assert.Throws<FormatException>(() => KhoFdStore.Listened("pages")));
        WithListen(Environment.ProcessId.ToString(), "2", "pages", () => Assert.Throws<FormatException>(() => KhoFdStore.Listened("pages")));
    }

    [Fact]
    public void A_descriptor_that_is_no_region_is_refused_by_Adopt_and_closed()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[8192]);
            SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            var e = Assert.Throws<KhoFormatException>(() => KhoRegion<Formats.PageV1>.Adopt(file, out _));
            Assert.Contains("not a memfd sealed against shrinking", e.Message);
            Assert.True(file.IsClosed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_memfd_is_adopted_in_place()
    {
        using var region = KhoRegion<Formats.PageV1>.Create();
        region.Add(new Formats.PageV1(1, 2));
        int dup = LibC.fcntl(((IKhoRegion)region).Memory.Descriptor, 1030 /* F_DUPFD_CLOEXEC */, 0);
        using var adopted = KhoRegion<Formats.PageV1>.Adopt(new SafeFileHandle(dup, ownsHandle: true), out var report);
        Assert.Equal(new KhoRegionReport("page-v1", KhoRegionHandover.Adopted, 1, 0, region.Inode), report);
        Assert.False(adopted.IsFrozen);
        Assert.Equal(new Formats.PageV1(1, 2), adopted[0]);
    }
}

[CollectionDefinition(FdStoreTests.ListenVariables, DisableParallelization = true)]
public sealed class ListenVariablesCollection { }
