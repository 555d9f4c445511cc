#!/usr/bin/env bash
# Runs every test of the solution (the README's test command).
set -euo pipefail
cd "$(dirname "$0")"
# The local tools (.config/dotnet-tools.json): the editor tests drive the csharp-ls language server.
dotnet tool restore
dotnet restore KhoGen.sln
dotnet build KhoGen.sln --no-restore -c Release
dotnet test KhoGen.sln --no-build -c Release --logger "console;verbosity=minimal"
