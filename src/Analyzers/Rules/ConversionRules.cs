using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// KHO008: an upgrade or downgrade method has the wrong shape (<see cref="ConversionParser"/>), or
/// another method already takes the same step (the chain uses only the one <see cref="FormatFamilies"/> picks).
/// </summary>
static class ConversionRules
{
    public static void Analyze(IMethodSymbol method, bool isUpgrade, LazyDeclarationIndex index, CancellationToken cancellationToken, Reporter reporter)
    {
        var problems = new List<Problem>();
        ConversionModel model = ConversionParser.Parse(method, isUpgrade, problems);
        Location? where = method.Locations.FirstOrDefault();
        foreach (var problem in problems) reporter.Report(problem, where);
        if (!model.IsValid || model.From is null || model.To is null) return;

        FormatKey host = isUpgrade ? model.To : model.From;
        ChainModel chain = index.Get(cancellationToken).Families.ChainFor(host);
        string? chosen = isUpgrade ? chain.Upgrade : chain.Downgrade;
        if (chosen is not null && chosen != model.Method)
        {
            string attribute = isUpgrade ? "[KhoUpgrade]" : "[KhoDowngrade]";
            string expected = isUpgrade ? "static TVn M(TVn-1 value)" : "static TVn-1 M(TVn value)";
            reporter.Report(Descriptors.BadConversion, where, null, attribute, method.Name,
                $"another method, {chosen.Replace("global::", "")}, already converts {model.From.Id} to {model.To.Id}, and each step has exactly one",
                expected);
        }
    }
}
