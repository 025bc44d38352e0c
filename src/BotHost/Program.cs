using Attendance.BotHost;

return await HostProgram.RunAsync(args);
