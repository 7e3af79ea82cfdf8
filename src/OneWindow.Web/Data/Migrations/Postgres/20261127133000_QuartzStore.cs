using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Web.Data.Migrations.Postgres;

/// <summary>
/// The tables of the Quartz.NET job store (prefix QRTZ_) in the application's own database, exactly as Quartz 4.7 creates
/// them for itself (its embedded create script for this database), so the scheduler's schema check passes and the
/// store never needs DDL rights at run time. Hand-written: the tables are Quartz's, not EF entities, so the model
/// snapshot does not know them. A Quartz upgrade that adds columns gets its own migration from Quartz's upgrade scripts.
/// </summary>
[DbContext(typeof(PostgresAppDbContext))]
[Migration("20261127133000_QuartzStore")]
public partial class QuartzStore : Migration
{
    /// <summary>Quartz.NET 4.7 tables, then their indexes.</summary>
    private static readonly string[] Schema =
    [
        """
        CREATE TABLE QRTZ_JOB_DETAILS (
          sched_name text not null,
          job_name text not null,
          job_group text not null,
          description text null,
          job_class_name text not null,
          is_durable bool not null,
          is_nonconcurrent bool not null,
          is_update_data bool not null,
          requests_recovery bool not null,
          job_data bytea null,
          primary key (sched_name,job_name,job_group)
        );
        """,
        """
        CREATE TABLE QRTZ_TRIGGERS (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          job_name text not null,
          job_group text not null,
          description text null,
          next_fire_time bigint null,
          prev_fire_time bigint null,
          priority integer null,
          trigger_state text not null,
          trigger_type text not null,
          start_time bigint not null,
          end_time bigint null,
          calendar_name text null,
          misfire_instr smallint null,
          misfire_orig_fire_time bigint null,
          execution_group varchar(200) null,
          preferred_node varchar(200) null,
          preferred_node_auto bool not null default false,
          retry_policy varchar(250) null,
          retry_attempt integer null,
          continues_trigger_name text null,
          continues_trigger_group text null,
          continuation_condition integer null,
          overlap_policy integer null,
          pause_reason varchar(250) null,
          paused_by varchar(200) null,
          paused_at bigint null,
          misfire_threshold bigint null,
          fixed_delay bool null,
          job_data bytea null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,job_name,job_group) references QRTZ_JOB_DETAILS (sched_name,job_name,job_group)
        );
        """,
        """
        CREATE TABLE QRTZ_SIMPLE_TRIGGERS (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          repeat_count bigint not null,
          repeat_interval bigint not null,
          times_triggered bigint not null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references QRTZ_TRIGGERS (sched_name,trigger_name,trigger_group) on delete cascade
        );
        """,
        """
        CREATE TABLE QRTZ_CRON_TRIGGERS (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          cron_expression text not null,
          time_zone_id text,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references QRTZ_TRIGGERS (sched_name,trigger_name,trigger_group) on delete cascade
        );
        """,
        """
        CREATE TABLE QRTZ_SIMPROP_TRIGGERS (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          str_prop_1 text null,
          str_prop_2 text null,
          str_prop_3 text null,
          int_prop_1 integer null,
          int_prop_2 integer null,
          long_prop_1 bigint null,
          long_prop_2 bigint null,
          dec_prop_1 numeric null,
          dec_prop_2 numeric null,
          bool_prop_1 bool null,
          bool_prop_2 bool null,
          time_zone_id text null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references QRTZ_TRIGGERS (sched_name,trigger_name,trigger_group) on delete cascade
        );
        """,
        """
        CREATE TABLE QRTZ_BLOB_TRIGGERS (
          sched_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          blob_data bytea null,
          primary key (sched_name,trigger_name,trigger_group),
          foreign key (sched_name,trigger_name,trigger_group) references QRTZ_TRIGGERS (sched_name,trigger_name,trigger_group) on delete cascade
        );
        """,
        """
        CREATE TABLE QRTZ_CALENDARS (
          sched_name text not null,
          calendar_name text not null,
          calendar bytea not null,
          primary key (sched_name,calendar_name)
        );
        """,
        """
        CREATE TABLE QRTZ_PAUSED_TRIGGER_GRPS (
          sched_name text not null,
          trigger_group text not null,
          pause_reason varchar(250) null,
          paused_by varchar(200) null,
          paused_at bigint null,
          primary key (sched_name,trigger_group)
        );
        """,
        """
        CREATE TABLE QRTZ_PAUSED_JOB_GRPS (
          sched_name text not null,
          job_group text not null,
          pause_reason varchar(250) null,
          paused_by varchar(200) null,
          paused_at bigint null,
          primary key (sched_name,job_group)
        );
        """,
        """
        CREATE TABLE QRTZ_FIRED_TRIGGERS (
          sched_name text not null,
          entry_id text not null,
          trigger_name text not null,
          trigger_group text not null,
          instance_name text not null,
          fired_time bigint not null,
          sched_time bigint not null,
          priority integer not null,
          state text not null,
          job_name text null,
          job_group text null,
          is_nonconcurrent bool not null,
          requests_recovery bool null,
          execution_group varchar(200) null,
          progress integer null,
          progress_message varchar(250) null,
          interrupt_requested_time bigint null,
          primary key (sched_name,entry_id)
        );
        """,
        """
        CREATE TABLE QRTZ_SCHEDULER_STATE (
          sched_name text not null,
          instance_name text not null,
          last_checkin_time bigint not null,
          checkin_interval bigint not null,
          quartz_version varchar(20) null,
          primary key (sched_name,instance_name)
        );
        """,
        """
        CREATE TABLE QRTZ_LOCKS (
          sched_name text not null,
          lock_name text not null,
          primary key (sched_name,lock_name)
        );
        """,
        """
        CREATE TABLE QRTZ_EXECUTION_HISTORY (
          sched_name text not null,
          entry_id text not null,
          instance_name text not null,
          job_name text not null,
          job_group text not null,
          trigger_name text not null,
          trigger_group text not null,
          fired_time bigint not null,
          run_time bigint not null,
          succeeded bool not null,
          error_message text null,
          retry_attempt integer not null default 0,
          retry_scheduled bool not null default false,
          execution_log text null,
          result integer null,
          summary text null,
          metrics text null,
          manual bool null,
          fire_instance_id text null,
          job_input text null,
          job_input_too_large bool null,
          primary key (sched_name,entry_id)
        );
        """,
        """
        CREATE TABLE QRTZ_MISFIRE_HISTORY (
          sched_name text not null,
          entry_id text not null,
          instance_name text not null,
          trigger_name text not null,
          trigger_group text not null,
          job_name text null,
          job_group text null,
          misfire_time bigint not null,
          sched_time bigint null,
          reason integer null,
          primary key (sched_name,entry_id)
        );
        """,
        """
        CREATE TABLE QRTZ_JOB_STATUS (
          sched_name text not null,
          job_group text not null,
          job_name text not null,
          first_fired_time bigint not null,
          last_fired_time bigint not null,
          last_result integer not null,
          last_run_time bigint not null,
          last_instance_name text not null,
          last_entry_id text null,
          last_summary text null,
          last_success_time bigint null,
          last_failure_time bigint null,
          last_failure_message text null,
          consecutive_failures integer not null default 0,
          run_count bigint not null default 0,
          failure_count bigint not null default 0,
          primary key (sched_name,job_group,job_name)
        );
        """,
        """
        CREATE INDEX IDX_QRTZ_J_G_N ON QRTZ_JOB_DETAILS (sched_name, job_group, job_name);
        """,
        """
        CREATE INDEX IDX_QRTZ_T_J ON QRTZ_TRIGGERS (sched_name, job_name, job_group);
        """,
        """
        CREATE INDEX IDX_QRTZ_T_G_N ON QRTZ_TRIGGERS (sched_name, trigger_group, trigger_name);
        """,
        """
        CREATE INDEX IDX_QRTZ_T_C ON QRTZ_TRIGGERS (sched_name, calendar_name);
        """,
        """
        CREATE INDEX IDX_QRTZ_T_NFT_ST ON QRTZ_TRIGGERS (sched_name, trigger_state, next_fire_time asc, priority desc, misfire_instr);
        """,
        """
        CREATE INDEX IDX_QRTZ_FT_INST_JOB_REQ_RCVRY ON QRTZ_FIRED_TRIGGERS (sched_name, instance_name, requests_recovery);
        """,
        """
        CREATE INDEX IDX_QRTZ_FT_J_G ON QRTZ_FIRED_TRIGGERS (sched_name, job_name, job_group);
        """,
        """
        CREATE INDEX IDX_QRTZ_FT_T_G ON QRTZ_FIRED_TRIGGERS (sched_name, trigger_name, trigger_group);
        """,
        """
        CREATE INDEX IDX_QRTZ_EH_FIRED_TIME ON QRTZ_EXECUTION_HISTORY (sched_name, fired_time);
        """,
        """
        CREATE INDEX IDX_QRTZ_EH_INST ON QRTZ_EXECUTION_HISTORY (sched_name, instance_name);
        """,
        """
        CREATE INDEX IDX_QRTZ_MH_MISFIRE_TIME ON QRTZ_MISFIRE_HISTORY (sched_name, misfire_time);
        """,
        """
        CREATE INDEX IDX_QRTZ_MH_INST ON QRTZ_MISFIRE_HISTORY (sched_name, instance_name);
        """,
        """
        CREATE INDEX IDX_QRTZ_EH_JOB_TIME ON QRTZ_EXECUTION_HISTORY (sched_name, job_group, job_name, fired_time);
        """,
        """
        CREATE INDEX IDX_QRTZ_EH_FIRE_INST ON QRTZ_EXECUTION_HISTORY (sched_name, fire_instance_id);
        """,
        """
        CREATE INDEX IDX_QRTZ_EH_TRIG_TIME ON QRTZ_EXECUTION_HISTORY (sched_name, trigger_group, trigger_name, fired_time);
        """,
    ];

    /// <summary>Children before parents, so foreign keys never stand in the way.</summary>
    private static readonly string[] Tables =
    [
        "QRTZ_JOB_STATUS",
        "QRTZ_MISFIRE_HISTORY",
        "QRTZ_EXECUTION_HISTORY",
        "QRTZ_LOCKS",
        "QRTZ_SCHEDULER_STATE",
        "QRTZ_FIRED_TRIGGERS",
        "QRTZ_PAUSED_JOB_GRPS",
        "QRTZ_PAUSED_TRIGGER_GRPS",
        "QRTZ_CALENDARS",
        "QRTZ_BLOB_TRIGGERS",
        "QRTZ_SIMPROP_TRIGGERS",
        "QRTZ_CRON_TRIGGERS",
        "QRTZ_SIMPLE_TRIGGERS",
        "QRTZ_TRIGGERS",
        "QRTZ_JOB_DETAILS",
    ];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in Schema)
        {
            migrationBuilder.Sql(statement);
        }
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }
}
