namespace OssUnzip.Local.EventBridge;

/// <summary>Outcome of pushing one event: the last status ("200", "503", "timeout", ...) and attempts made.</summary>
internal sealed record DeliveryResult(bool Delivered, string Status, int Attempts);
