global using Microsoft.AspNetCore.Builder;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using System.Text.Json;
global using Attendance.Data;
global using Attendance.Testing.Databases;
global using Attendance.Testing.Waiting;
