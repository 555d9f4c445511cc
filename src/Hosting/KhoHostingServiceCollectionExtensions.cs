using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace KhoGen.Hosting;

/// <summary>Registers live update with the generic host.</summary>
public static class KhoHostingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the orchestrator (<see cref="KhoLiveUpdate"/>, a singleton holding every registered
    /// <see cref="KhoParticipant"/>), a hosted service that restores before the application starts
    /// and finishes once it has started, <see cref="IKhoUpgradeTrigger"/>, and the upgrade signal.
    /// Options come from the configuration section <c>KhoGen</c>, then from <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddKhoLiveUpdate(this IServiceCollection services, Action<KhoHostingOptions>? configure = null)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        if (configure is not null) services.AddSingleton(new ConfigureKho(configure));
        if (services.Any(d => d.ServiceType == typeof(KhoLiveUpdateService))) return services;

        services.TryAddSingleton(sp =>
        {
            var options = new KhoHostingOptions();
            // The instance is the deployment: every build started from one content root agrees on it.
            if (sp.GetService<IHostEnvironment>() is { ContentRootPath: { Length: > 0 } root })
                options.LiveUpdate.InstanceName = KhoLiveUpdateOptions.DefaultInstanceName(root);
            KhoConfiguration.Apply(sp.GetService<IConfiguration>(), options);
            foreach (var c in sp.GetServices<ConfigureKho>()) c.Action(options);
            return options;
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<KhoHostingOptions>().LiveUpdate;
            // The listeners (KhoGen.AspNetCore) travel with the state through the handover socket.
            options.Listeners ??= sp.GetService<IKhoListenerHandover>();
            var update = new KhoLiveUpdate(options);
            foreach (KhoParticipant p in sp.GetServices<KhoParticipant>()) update.Register(p);
            return update;
        });
        services.TryAddSingleton<KhoUpgradeTrigger>();
        services.TryAddSingleton<IKhoUpgradeTrigger>(sp => sp.GetRequiredService<KhoUpgradeTrigger>());
        services.AddSingleton(sp => new KhoLiveUpdateService(sp.GetRequiredService<KhoLiveUpdate>(),
            sp.GetRequiredService<KhoHostingOptions>(), sp.GetRequiredService<KhoUpgradeTrigger>(), sp));
        services.AddHostedService(sp => sp.GetRequiredService<KhoLiveUpdateService>());
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TParticipant"/> as a singleton (so the application can inject
    /// it too) and as a participant of the orchestrator.
    /// </summary>
    public static IServiceCollection AddKhoParticipant<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TParticipant>(this IServiceCollection services)
        where TParticipant : KhoParticipant
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        services.TryAddSingleton<TParticipant>();
        services.AddSingleton<KhoParticipant>(sp => sp.GetRequiredService<TParticipant>());
        return services;
    }

    /// <summary>Registers a participant made by <paramref name="factory"/> (e.g. <see cref="KhoParticipant.Create"/> over a service).</summary>
    public static IServiceCollection AddKhoParticipant(this IServiceCollection services, Func<IServiceProvider, KhoParticipant> factory)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        if (factory is null) throw new ArgumentNullException(nameof(factory));
        services.AddSingleton(factory);
        return services;
    }

    sealed record ConfigureKho(Action<KhoHostingOptions> Action);
}
