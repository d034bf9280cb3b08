using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Classroom.Recognition.Hosting;

/// <summary>A settings section whose rules are one method: it throws an <see cref="ArgumentOutOfRangeException"/> naming the key.</summary>
public interface IValidatedOptions
{
    /// <summary>Throws a readable error (the key, the rule) when a value is out of range.</summary>
    void Validate();
}

/// <summary>The one way settings are checked: each section's rules as an <see cref="IValidateOptions{TOptions}"/>, run at start.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to its section and checks it with its own <see cref="IValidatedOptions.Validate"/> when the
    /// host starts (<c>ValidateOnStart</c>) and on first use: the first bad value as one line, "key rule (got value)".
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where T : class, IValidatedOptions
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, OptionsRules<T>>());
        return services.AddOptions<T>().Bind(configuration.GetSection(sectionName)).ValidateOnStart();
    }
}

/// <summary>A section's own <see cref="IValidatedOptions.Validate"/> as an <see cref="IValidateOptions{TOptions}"/>: one line, "key rule (got value)".</summary>
public sealed class OptionsRules<T> : IValidateOptions<T>
    where T : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentOutOfRangeException e)
        {
            // .NET appends "(Parameter …)" and "Actual value was …" to the rule; one line is kept, with the value.
            var rule = e.Message.Split(" (Parameter", 2)[0].Split('\n', 2)[0].TrimEnd();
            return ValidateOptionsResult.Fail(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rule} (got {e.ActualValue})"));
        }
    }
}
