using System;
using System.Text;

namespace KhoGen.Cli;

static class Program
{
    static int Main(string[] args)
    {
        // Catalog JSON and reports are UTF-8 whatever the console's code page is.
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return Khogen.Run(args, Console.Out, Console.Error);
    }
}
