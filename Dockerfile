# OssUnzip container image: the Azure Functions host + our isolated worker.
#
#   docker build -t <registry>/<namespace>/ossunzip:<tag> .
#
# The host in the runtime image listens on port 80 by default (the image sets
# ASPNETCORE_URLS=http://+:80). A non-root user may not bind a port below 1024,
# so this image moves the host to 8080 with ASPNETCORE_URLS and runs as the
# base image's non-root "app" user (APP_UID, 1654 in the .NET base images).
# Override with `-e ASPNETCORE_URLS=http://+:<port>` (k8s: the Deployment env);
# the container port, Service targetPort and probes must follow it.
#
# No credentials live in the image: Storage:*, Auth:* and the rest of the
# settings come from the environment (k8s ConfigMap + Secret) at run time.

# The SDK feature band must satisfy global.json (10.0.400, rollForward
# latestPatch). If mcr's sdk:10.0 moves to a newer band, pass
# --build-arg SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.4xx.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src

# Restore first, from the files restore reads, so the layer survives source edits.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY OssUnzip.Function/OssUnzip.Function.csproj OssUnzip.Function/
RUN dotnet restore OssUnzip.Function/OssUnzip.Function.csproj -r linux-x64 -p:PublishReadyToRun=true

COPY host.json ./
COPY OssUnzip.Function/ OssUnzip.Function/
# OssUnzip.Function.Tests/Deployment/PublishLayoutTests runs this same command
# (project, configuration, switches) and checks the output layout.
#
# ReadyToRun (linux-x64, still framework-dependent: the runtime image brings .NET):
# our assemblies and the packages' (AWSSDK and the rest) ship precompiled code,
# mapped from the files, instead of code the JIT writes into anonymous memory.
# Shard processes run with tiered compilation off and so use it as it is: a shard
# of a 72,000-entry ZIP peaks 12–15 MiB lower (139 against 152–154 MiB,
# docs/benchmarks.md "ReadyToRun for the published app", decision 0044).
# The restore above must name the same RID and PublishReadyToRun (it fetches the
# RID's runtime pack and the crossgen2 compiler, versions chosen by the SDK).
RUN dotnet publish OssUnzip.Function/OssUnzip.Function.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app/publish -p:UseAppHost=false --no-restore

FROM ${RUNTIME_IMAGE} AS runtime

# ASPNETCORE_SHUTDOWNTIMEOUTSECONDS: the host is a legacy ASP.NET Core WebHost,
# which reads it (WebHostOptions, default 5 s) as the time it keeps in-flight
# requests open after SIGTERM. 55 s covers Shutdown__GracePeriodSeconds (50 s,
# the worker's own drain) so the host does not cut what the worker still finishes.
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
    ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_SHUTDOWNTIMEOUTSECONDS=55

# The host writes under /home (HOME) and a secrets sentinel under
# /azure-functions-host/Secrets even with keys disabled
# (Azure/azure-functions-docker#1210); give those to the non-root user.
#
# tini (Debian/Ubuntu package, /usr/bin/tini) becomes PID 1 below; the build
# fails here if the WebHost is not where the entry point expects it.
RUN test -n "${APP_UID}" || { echo "base image defines no APP_UID" >&2; exit 1; } \
    && test -x /azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost \
       || { echo "no WebHost at /azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost" >&2; exit 1; } \
    && apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /home/site/wwwroot /azure-functions-host/Secrets \
    && chown -R "${APP_UID}:${APP_UID}" /home /azure-functions-host/Secrets

# The app stays owned by root: the process may read its code, not change it.
COPY --from=build /app/publish/ /home/site/wwwroot/

USER ${APP_UID}
EXPOSE 8080

# The base image starts the host with CMD ["/opt/startup/start_nonappservice.sh"],
# a bash script that runs the WebHost without exec, so SIGTERM stops at bash and
# the pod is killed at the grace deadline (Azure/azure-functions-docker#677, #404).
# Here tini is PID 1 (exec form, no shell) and starts the WebHost directly.
# -g sends every signal to the WebHost's process group, which holds the worker
# the host starts: on SIGTERM the host stops taking connections and keeps
# in-flight requests open (ASPNETCORE_SHUTDOWNTIMEOUTSECONDS), and the worker
# refuses new work with 503 and gives in-flight expansions
# Shutdown__GracePeriodSeconds. The start script's other step, installing
# App Service CA certificates, does not apply outside App Service.
# OssUnzip.Function.Tests/Deployment/EntryPointTests checks this form and runs
# the worker's side of it under the stand-in host.
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
CMD ["/azure-functions-host/Microsoft.Azure.WebJobs.Script.WebHost"]
