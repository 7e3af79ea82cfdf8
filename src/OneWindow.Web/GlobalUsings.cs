// What nearly every file of the app uses: the data layer, the cross-cutting infrastructure, the domain's own vocabulary
// and the framework namespaces that go with them. Feature namespaces stay explicit, so that a file's use of another
// feature shows at its top.
global using System.ComponentModel.DataAnnotations;
global using System.Globalization;
global using System.Linq.Expressions;
global using System.Security.Claims;
global using System.Security.Cryptography;
global using System.Text;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using System.Text.Json.Serialization;
global using System.Text.RegularExpressions;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Identity;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.EntityFrameworkCore.Metadata.Builders;
global using Microsoft.Extensions.Localization;
global using Microsoft.Extensions.Options;
global using OneWindow.Core.Feedback;
global using OneWindow.Core.Identity;
global using OneWindow.Core.Security;
global using OneWindow.Core.ServiceLevels;
global using OneWindow.Core.Tickets;
global using OneWindow.Core.Time;
global using OneWindow.Web.Data;
global using OneWindow.Web.Data.Tenancy;
global using OneWindow.Web.Infrastructure;
global using OneWindow.Web.Infrastructure.Api;
global using OneWindow.Web.Infrastructure.Desks;
global using OneWindow.Web.Infrastructure.Live;
global using OneWindow.Web.Infrastructure.Security;
global using OneWindow.Web.Infrastructure.Time;
global using OneWindow.Web.Infrastructure.Ui;
global using OneWindow.Web.Resources;
