global using System.Text;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Time.Testing;
global using Attendance.WeCom.Client;
global using Attendance.WeCom.Callback;
global using Attendance.WeCom.Models;
global using Attendance.WeCom.Simulator;
