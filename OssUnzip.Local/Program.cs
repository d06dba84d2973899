using OssUnzip.Local.Cli;

return await LocalCommand.RunAsync(args);
