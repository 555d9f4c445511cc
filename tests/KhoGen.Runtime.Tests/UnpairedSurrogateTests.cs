using System;
using System.Collections.Generic;
using KhoGen.Runtime.Tests.Formats;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// UTF-8 cannot carry an unpaired UTF-16 surrogate: writing one raises ArgumentException (the
/// documented behaviour of <see cref="KhoWriter.WriteString"/>) instead of silently writing U+FFFD.
/// </summary>
public class UnpairedSurrogateTests
{
    // By index: xunit would replace the lone surrogates with U+FFFD when it serializes theory data.
    static readonly string[] Unpaired =
    {
        "\uD800",
        "\uDC00",
        "a\uD83Db",          // a high surrogate followed by a letter
        "ab\uDE00",          // a low surrogate with no high one
        "x\uDE00\uD83D",     // the pair in the wrong order
        "\U0001F600\uD83D",  // a good pair, then a lone high surrogate at the end
        new string('a', 5000) + "\uD800", // long strings take the counting path
        "\uDFFF" + new string('\u00E9', 4100),
        "eight or more ASCII code units first\uDC00", // past the inline ASCII narrowing, into the transcoder
        "caf\u00E9 \u2014 then\uD800 x",    // after code points encoded inline, with ASCII after them
        "\u00E9\u00E8\u00EA\u00EB\u20AC\u2014\u00E0\u00E2\u00E7\u00F4 then\uDC00", // after the transcoder took over
    };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Writing_an_unpaired_surrogate_throws_ArgumentException(int index)
    {
        string text = Unpaired[index];
        var e = Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(new StringBox(text)));
        Assert.Contains("unpaired", e.Message);
        Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(new Collections { Strings = new List<string?> { "ok", text } }));
        Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(new StringMapBox(new Dictionary<string, int> { [text] = 1 })));
        Assert.Throws<ArgumentException>(() => KhoEnvelope.Serialize(new SessionV1(Guid.Empty, text, 1, null), 1));
        Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(new StringBox(text), new System.Buffers.ArrayBufferWriter<byte>()));

        // Nothing is left half-written for the next call on this thread.
        byte[] after = KhoSerializer.Serialize(new StringBox("fine"));
        Assert.Equal("fine", KhoSerializer.Deserialize<StringBox>(after).Text);
        Assert.Equal(8, after.Length);
    }

    [Fact]
    public void Paired_surrogates_and_lone_surrogate_chars_are_fine()
    {
        Assert.Equal("\U0001F600\U0010FFFF", KhoSerializer.Deserialize<StringBox>(KhoSerializer.Serialize(new StringBox("\U0001F600\U0010FFFF"))).Text);
        // A char member is a UTF-16 code unit, not text: any value, a lone surrogate included, round-trips.
        var s = new Scalars { Char = '\uDC00' };
        Assert.Equal('\uDC00', KhoSerializer.Deserialize<Scalars>(KhoSerializer.Serialize(s)).Char);
    }
}
