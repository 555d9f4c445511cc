using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KhoGen.Json;

/// <summary>A strict RFC 8259 parser with a depth limit and line numbers in its errors.</summary>
sealed class JsonParser
{
    const int MaxDepth = 64;
    readonly string _text;
    readonly string _source;
    int _pos;
    int _line = 1;

    JsonParser(string text, string source)
    {
        _text = text;
        _source = source;
    }

    /// <exception cref="KhoFormatException">The text is not JSON.</exception>
    public static JsonNode Parse(string text, string source)
    {
        var parser = new JsonParser(text, source);
        parser.SkipSpace();
        if (parser._pos < text.Length && text[parser._pos] == '\uFEFF') { parser._pos++; parser.SkipSpace(); }
        JsonNode root = parser.Value(0);
        parser.SkipSpace();
        if (parser._pos != text.Length) throw parser.Error("unexpected text after the JSON value");
        return root;
    }

    KhoFormatException Error(string message) =>
        new($"{_source}: not valid JSON at line {_line}: {message}");

    void SkipSpace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n') _line++;
            else if (c != ' ' && c != '\t' && c != '\r') return;
            _pos++;
        }
    }

    char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    void Expect(char c)
    {
        if (Peek() != c) throw Error($"expected '{c}'" + (_pos < _text.Length ? $", found '{_text[_pos]}'" : ", found the end"));
        _pos++;
    }

    JsonNode Value(int depth)
    {
        if (depth > MaxDepth) throw Error("nested too deeply");
        SkipSpace();
        int line = _line;
        char c = Peek();
        switch (c)
        {
            case '{': return Object(depth, line);
            case '[': return Array(depth, line);
            case '"': return new JsonNode(JsonKind.String, String(), line);
            case 't': Word("true"); return new JsonNode(JsonKind.Bool, "true", line);
            case 'f': Word("false"); return new JsonNode(JsonKind.Bool, "false", line);
            case 'n': Word("null"); return new JsonNode(JsonKind.Null, "null", line);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return new JsonNode(JsonKind.Number, Number(), line);
                throw Error(_pos < _text.Length ? $"unexpected '{c}'" : "unexpected end");
        }
    }

    void Word(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) throw Error($"expected '{word}'");
        _pos += word.Length;
    }

    JsonNode Object(int depth, int line)
    {
        var node = new JsonNode(JsonKind.Object, "", line);
        var seen = new HashSet<string>();
        Expect('{');
        SkipSpace();
        if (Peek() == '}') { _pos++; return node; }
        while (true)
        {
            SkipSpace();
            if (Peek() != '"') throw Error("expected a property name");
            string name = String();
            if (!seen.Add(name)) throw Error($"duplicate property \"{name}\"");
            SkipSpace();
            Expect(':');
            node.Properties.Add(new KeyValuePair<string, JsonNode>(name, Value(depth + 1)));
            SkipSpace();
            if (Peek() == ',') { _pos++; continue; }
            Expect('}');
            return node;
        }
    }

    JsonNode Array(int depth, int line)
    {
        var node = new JsonNode(JsonKind.Array, "", line);
        Expect('[');
        SkipSpace();
        if (Peek() == ']') { _pos++; return node; }
        while (true)
        {
            node.Items.Add(Value(depth + 1));
            SkipSpace();
            if (Peek() == ',') { _pos++; continue; }
            Expect(']');
            return node;
        }
    }

    string String()
    {
        Expect('"');
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            char c = _text[_pos++];
            if (c == '"') return sb.ToString();
            if (c < 0x20) throw Error("control character in a string");
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length) throw Error("unterminated escape");
            char e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length ||
                        !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        throw Error("invalid \\u escape");
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default: throw Error($"invalid escape '\\{e}'");
            }
        }
    }

    string Number()
    {
        int start = _pos;
        if (Peek() == '-') _pos++;
        if (Peek() == '0') _pos++;
        else if (Peek() >= '1' && Peek() <= '9') while (Peek() >= '0' && Peek() <= '9') _pos++;
        else throw Error("invalid number");
        if (Peek() == '.')
        {
            _pos++;
            if (!(Peek() >= '0' && Peek() <= '9')) throw Error("invalid number");
            while (Peek() >= '0' && Peek() <= '9') _pos++;
        }
        if (Peek() == 'e' || Peek() == 'E')
        {
            _pos++;
            if (Peek() == '+' || Peek() == '-') _pos++;
            if (!(Peek() >= '0' && Peek() <= '9')) throw Error("invalid number");
            while (Peek() >= '0' && Peek() <= '9') _pos++;
        }
        return _text.Substring(start, _pos - start);
    }
}
