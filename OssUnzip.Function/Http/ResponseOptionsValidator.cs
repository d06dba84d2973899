using Microsoft.Extensions.Options;

namespace OssUnzip.Function.Http;

internal sealed class ResponseOptionsValidator : IValidateOptions<ResponseOptions>
{
    public ValidateOptionsResult Validate(string? name, ResponseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var known = string.Equals(options.PermanentFailureStatus, ResponseOptions.Acknowledge, StringComparison.OrdinalIgnoreCase)
            || string.Equals(options.PermanentFailureStatus, ResponseOptions.ClientError, StringComparison.OrdinalIgnoreCase);
        return known
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Http:PermanentFailureStatus must be '{ResponseOptions.Acknowledge}' or '{ResponseOptions.ClientError}' (was '{options.PermanentFailureStatus}').");
    }
}
