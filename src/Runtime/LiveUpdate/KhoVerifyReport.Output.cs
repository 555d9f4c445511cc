using System.Globalization;
using System.Linq;
using System.Text;
using KhoGen.Json;

namespace KhoGen;

public sealed partial record KhoVerifyReport
{
    /// <summary>Every entry passed.</summary>
    public const int ExitPassed = 0;

    /// <summary>The image is valid but an entry failed: no participant, a version this build cannot read, a conversion that threw or broke the law.</summary>
    public const int ExitFailed = 1;

    /// <summary>The file is missing, unreadable, or not a valid image (forged, truncated, corrupt): bad input.</summary>
    public const int ExitInvalid = 2;

    /// <summary>The exit code of a verification (the hosting integration's verify mode): 0 passed, 1 an entry failed, 2 no valid image.</summary>
    public int ExitCode => Invalid is not null ? ExitInvalid : Ok ? ExitPassed : ExitFailed;

    /// <summary>One line per entry, then the verdict: what an operator reads.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append("khogen verify ").Append(Path).Append('\n');
        if (Invalid is not null) return sb.Append("invalid: ").Append(Invalid).Append('\n').Append("verify: FAILED (no valid image)\n").ToString();
        sb.Append("written by ").Append(Writer).Append('\n');
        foreach (var e in Entries)
        {
            sb.Append(e.Ok ? "ok   " : "FAIL ").Append(e.Id).Append(' ').Append(e.Bytes.ToString(CultureInfo.InvariantCulture)).Append(" bytes");
            if (e.Problem is not null) sb.Append(": ").Append(e.Problem);
            sb.Append('\n');
        }
        int failed = Entries.Count(e => !e.Ok);
        sb.Append(failed == 0 ? $"verify: passed ({Entries.Count} entries)\n" : $"verify: FAILED ({failed} of {Entries.Count} entries)\n");
        return sb.ToString();
    }

    /// <summary>The report as JSON (schema <c>khogen-verify/1</c>, docs/operations.md#verify-mode): what a deploy pipeline reads.</summary>
    public string ToJson()
    {
        var w = new JsonWriter();
        w.StartObject();
        w.Name("schema").String("khogen-verify/1");
        w.Name("image").String(Path);
        w.Name("writer").String(Writer);
        w.Name("ok").Bool(Ok);
        w.Name("exitCode").Number(ExitCode);
        w.Name("invalid").String(Invalid);
        w.Name("entries").StartArray();
        foreach (var e in Entries)
        {
            w.StartObject();
            w.Name("id").String(e.Id);
            w.Name("bytes").Number(e.Bytes);
            w.Name("ok").Bool(e.Ok);
            w.Name("problem").String(e.Problem);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        return w + "\n";
    }
}
