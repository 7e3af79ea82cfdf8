using Microsoft.EntityFrameworkCore;
using OneWindow.Web.Tests.Infrastructure;

namespace OneWindow.Web.Tests.Features.Mail;

/// <summary>
/// Makes the test's own database refuse rows whose column contains a marker, as a constraint or a DBA's trigger would:
/// a real failure of the write, on both providers, with nothing in the application knowing about tests. Names and
/// markers are the tests' own constants (letters, digits, underscores).
/// </summary>
public static class DatabaseRefusal
{
    public const string Message = "refused by the database";

    public static Task RefuseAsync(OneWindowFactory app, string name, string table, string column, string marker)
    {
        var sql = OneWindowFactory.Provider == "Postgres"
            ? $"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{Message}'; END $$; " +
              $"CREATE TRIGGER {name} BEFORE INSERT ON \"{table}\" FOR EACH ROW WHEN (strpos(NEW.\"{column}\", '{marker}') > 0) EXECUTE FUNCTION {name}();"
            : $"CREATE TRIGGER {name} BEFORE INSERT ON \"{table}\" WHEN instr(NEW.\"{column}\", '{marker}') > 0 BEGIN SELECT RAISE(ABORT, '{Message}'); END;";
        return app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));
    }

    public static Task AllowAsync(OneWindowFactory app, string name, string table)
    {
        var sql = OneWindowFactory.Provider == "Postgres" ? $"DROP TRIGGER {name} ON \"{table}\"; DROP FUNCTION {name}();" : $"DROP TRIGGER {name};";
        return app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));
    }
}
