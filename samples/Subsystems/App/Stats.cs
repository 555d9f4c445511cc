using KhoGen;
using Model;

namespace App;

/// <summary>The application's own state: it stores Model's types too.</summary>
[KhoFormat("app-stats", 1)]
public partial record AppStatsV1(long Requests, Folio Hottest);
