using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Sockets;

namespace KhoGen.AspNetCore;

/// <summary>
/// Reads systemd's socket activation (<c>sd_listen_fds_with_names</c>): <c>LISTEN_FDS</c>
/// descriptors from 3, named by <c>LISTEN_FDNAMES</c>, meant for this process only when
/// <c>LISTEN_PID</c> is its id.
/// </summary>
static class SystemdSocketActivation
{
    public const string PidVariable = "LISTEN_PID", CountVariable = "LISTEN_FDS", NamesVariable = "LISTEN_FDNAMES";

    /// <summary>systemd's first passed descriptor (<c>SD_LISTEN_FDS_START</c>).</summary>
    public const int FirstDescriptor = 3;

    /// <summary>
    /// The passed listening sockets, close-on-exec from now on; none when the variables are absent
    /// or meant for another process. The variables are unset afterwards when asked, as
    /// <c>sd_listen_fds(1)</c> does, so that children do not take them for theirs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variables are malformed, or a descriptor is not a listening stream socket.</exception>
    public static IReadOnlyList<(string Name, Socket Socket)> Take(bool unsetEnvironment)
    {
        try
        {
            string? pid = Environment.GetEnvironmentVariable(PidVariable);
            if (string.IsNullOrEmpty(pid)) return [];
            if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int listenPid))
                throw new InvalidOperationException($"{PidVariable}='{pid}' is not a process id.");
            if (listenPid != Environment.ProcessId) return []; // meant for the process that started us

            string? fds = Environment.GetEnvironmentVariable(CountVariable);
            if (!int.TryParse(fds, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
                throw new InvalidOperationException($"{CountVariable}='{fds}' is not a number of descriptors.");
            string[] names = Names(Environment.GetEnvironmentVariable(NamesVariable), count);

            var sockets = new List<(string, Socket)>(count);
            for (int i = 0; i < count; i++)
            {
                int fd = FirstDescriptor + i;
                Posix.SetCloseOnExec(fd, true);
                sockets.Add((names[i], KhoListeners.OpenListeningSocket(names[i], new SafeSocketHandle(fd, ownsHandle: true))));
            }
            return sockets;
        }
        finally
        {
            if (unsetEnvironment)
            {
                Environment.SetEnvironmentVariable(PidVariable, null);
                Environment.SetEnvironmentVariable(CountVariable, null);
                Environment.SetEnvironmentVariable(NamesVariable, null);
            }
        }
    }

    static string[] Names(string? value, int count)
    {
        // Without LISTEN_FDNAMES every descriptor is "unknown", as in sd_listen_fds_with_names.
        if (value is null) return Array.ConvertAll(new string[count], _ => "unknown");
        string[] names = value.Split(':');
        if (names.Length != count)
            throw new InvalidOperationException($"{NamesVariable} names {names.Length} descriptors but {CountVariable} is {count}.");
        return names;
    }
}
