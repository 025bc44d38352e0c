global using System.Globalization;
global using Microsoft.Extensions.Time.Testing;
global using Attendance.Data.Migrations;
global using Attendance.Data.Punches;
global using Attendance.Data.Repositories;
global using Attendance.Rules.Punching;
