global using System.Globalization;
global using Attendance.Rules.Common;
global using Attendance.Rules.Geo;
global using Attendance.Rules.Sites;
global using Attendance.Rules.Schedule;
global using Attendance.Rules.Punching;
global using Attendance.Rules.Calendar;
