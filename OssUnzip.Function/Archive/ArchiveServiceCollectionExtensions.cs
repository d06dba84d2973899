using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OssUnzip.Function.Archive.Planning;
using OssUnzip.Function.Archive.Streams;
using OssUnzip.Function.Archive.Writing;

namespace OssUnzip.Function.Archive;

public static class ArchiveServiceCollectionExtensions
{
    /// <summary>Validated <see cref="ArchiveOptions"/> and the expansion of one archive version.</summary>
    public static IServiceCollection AddArchiveExpansion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArchiveOptions>().Bind(configuration.GetSection(ArchiveOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArchiveOptions>, ArchiveOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArchiveOptions>, ConnectionLimitValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ByteBudget(sp.GetRequiredService<IOptions<ArchiveOptions>>().Value.MaxBufferedBytes));
        services.TryAddSingleton<IArchivePasswords, ArchivePasswords>();
        services.TryAddSingleton<ExpansionPlanner>();
        services.TryAddSingleton<ObjectUploader>();
        services.TryAddSingleton<ArchiveWriter>();
        services.TryAddSingleton<ZipPreflight>();
        services.TryAddSingleton<StreamArchiveExpansion>();
        services.TryAddSingleton<SevenZipArchiveExpansion>();
        services.TryAddSingleton<ArchiveExpansion>();
        services.TryAddSingleton<SevenZipInspection>();
        services.TryAddSingleton<ArchiveInspection>();
        return services;
    }
}
