# Build: docker build -t onewindow .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/OneWindow.Core/OneWindow.Core.csproj src/OneWindow.Core/
COPY src/OneWindow.Web/OneWindow.Web.csproj src/OneWindow.Web/
RUN dotnet restore src/OneWindow.Web/OneWindow.Web.csproj -r linux-x64
COPY src/ src/
# ReadyToRun: the app and its libraries start precompiled instead of interpreted-quality tier-0 code (docs/benchmarks.md).
RUN dotnet publish src/OneWindow.Web/OneWindow.Web.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# No demo data (its logins share a published password): the first administrator comes from `create-admin` (README).
# ICU for Russian collation and culture data; the chiseled images lack it.
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    ASPNETCORE_HTTP_PORTS=8080 \
    Database__Provider=Postgres \
    Database__MigrateOnStartup=false \
    Database__SeedDemoData=false
# Chromium prints the emailed PDF reports (Pdf__ChromiumPath, /usr/bin/chromium); fonts for Cyrillic. Without it a PDF
# delivery is held and logged with its reason.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
# Orchestrators probe GET /health/live (process up) and GET /health/ready (database reachable).
ENTRYPOINT ["dotnet", "OneWindow.Web.dll"]
