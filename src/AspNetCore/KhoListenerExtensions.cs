using System;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KhoGen.AspNetCore;

/// <summary>How <see cref="KhoListenerExtensions.UseKhoListeners"/> sets up Kestrel's listeners.</summary>
public sealed class KhoListenerOptions
{
    /// <summary>
    /// Adopt the sockets systemd passed to this process (<c>LISTEN_FDS</c>; default true). Kestrel
    /// then listens on them, and on no other endpoint unless configured in code.
    /// </summary>
    public bool SystemdSocketActivation { get; set; } = true;

    /// <summary>Unset <c>LISTEN_PID</c>, <c>LISTEN_FDS</c> and <c>LISTEN_FDNAMES</c> once adopted, so children do not see them (default true).</summary>
    public bool UnsetSystemdEnvironment { get; set; } = true;
}

/// <summary>Wires <see cref="KhoListeners"/> into Kestrel.</summary>
public static class KhoListenerExtensions
{
    /// <summary>
    /// Kestrel listens through <see cref="KhoListeners"/>: on sockets adopted from systemd socket
    /// activation or from a previous build when one listens on the endpoint, bound normally
    /// otherwise; accepting can be stopped without closing and resumed
    /// (<see cref="IKhoListenerHandover"/>). See docs/aspnetcore.md.
    /// </summary>
    public static IWebHostBuilder UseKhoListeners(this IWebHostBuilder builder, Action<KhoListenerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services => services.AddKhoListeners(configure));
    }

    /// <summary>The services behind <see cref="UseKhoListeners"/>, for hosts built without <see cref="IWebHostBuilder"/>.</summary>
    public static IServiceCollection AddKhoListeners(this IServiceCollection services, Action<KhoListenerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new KhoListenerOptions();
        configure?.Invoke(options);
        if (services.Any(d => d.ServiceType == typeof(KhoListeners))) return services;

        services.AddSingleton(_ =>
        {
            var listeners = new KhoListeners();
            if (options.SystemdSocketActivation) listeners.AdoptSystemdSockets(options.UnsetSystemdEnvironment);
            return listeners;
        });
        services.TryAddSingleton<IKhoListenerHandover>(sp => sp.GetRequiredService<KhoListeners>());
        // Kestrel picks the transport registered last that can bind the endpoint.
        services.AddSingleton<IConnectionListenerFactory, KhoConnectionListenerFactory>();
        services.AddTransient<IConfigureOptions<KestrelServerOptions>, ListenOnAdoptedSockets>();
        services.AddTransient<IStartupFilter, CloseWhileDraining>();
        return services;
    }

    /// <summary>While the listeners drain for a handover, every response closes its connection (HTTP/1.1 <c>Connection: close</c>).</summary>
    sealed class CloseWhileDraining(KhoListeners listeners) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                // Checked as the response starts, so requests already running when the drain began close too.
                context.Response.OnStarting(() =>
                {
                    if (listeners.IsDraining) context.Response.Headers.Connection = "close";
                    return Task.CompletedTask;
                });
                return following(context);
            });
            next(app);
        };
    }

    /// <summary>Adds an endpoint to Kestrel for every socket adopted before Kestrel reads its options (systemd's).</summary>
    sealed class ListenOnAdoptedSockets(KhoListeners listeners) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions options)
        {
            foreach (var (_, endpoint) in listeners.Adopted)
                options.Listen(endpoint);
        }
    }
}
