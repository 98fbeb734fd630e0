using SnowMedallion;
using SnowMedallion.Model;
using static SnowMedallion.Model.DataType;

namespace CustomerPipeline;

/// <summary>The reference customer pipeline (shared reference/customer-pipeline.md), object for object.</summary>
public static class CustomerPipelineDefinition
{
    /// <summary>The reference pipeline. Parameters override the AWS side; defaults are the reference values.</summary>
    public static MedallionPipeline Create(
        string bucket = "snowflake-project-etl",
        string prefix = "raw_data/",
        string storageRoleArn = "arn:aws:iam::123456789012:role/snowflake-s3-bronze-role",
        string errorTopicArn = "arn:aws:sns:us-east-1:123456789012:S3_SF_Error_Notification",
        string errorRoleArn = "arn:aws:iam::123456789012:role/snowflake-sns-error-role")
    {
        var rawData = new S3Location(bucket, prefix);
        var s3 = Medallion.S3StorageIntegration("S3_BRONZE", storageRoleArn, rawData);
        var errors = Medallion.SnsNotificationIntegration("SNOWFLAKE_ERROR_INTEGRATION", errorTopicArn, errorRoleArn);
        var csv = Bronze.CsvFormat("MY_CSV_FORMAT")
            .FieldDelimiter(",").FieldOptionallyEnclosedBy("\"").SkipHeader(1).NullIf("NULL", "null").EmptyFieldAsNull();

        var landing = Bronze.Table("WORK_CUSTOMER_COPY").Collate("en-ci")
            .Columns(Varchar(200), "COMPANYNAME", "PHONE", "ADDRESSLINE1", "ADDRESSLINE2")
            .Column("CITY", Varchar(100)).Columns(Varchar(50), "STATE", "POSTALCODE")
            .Columns(Varchar(20), "COUNTRY", "PROVINCE").Columns(Varchar(50), "FIRST_NAME", "LAST_NAME")
            .Collate(null).Columns(TimestampNtz(6), "INSERT_DTS", "UPDATE_DTS")
            .Column("SOURCE_FILE_NAME", Varchar(500)).Column("SOURCE_FILE_ROW_NUMBER", Number(38, 0))
            .NotNull("INSERT_DTS", "UPDATE_DTS", "SOURCE_FILE_NAME", "SOURCE_FILE_ROW_NUMBER");

        var changes = Bronze.Stage("SOURCE_DATA_CUSTOMER_STAGE", rawData, s3, csv)
            .Pipe("WORK_CUSTOMER_SRC_TO_SL_PIPE", landing, pipe => pipe
                .AutoIngest().ErrorIntegration(errors).FileFormat(csv)
                .Comment("Loads customer CSV files from s3://" + bucket + "/" + prefix + " into BRONZE.WORK_CUSTOMER_COPY")
                .Fields("COMPANYNAME", "PHONE", "ADDRESSLINE1", "ADDRESSLINE2", "CITY", "STATE", "POSTALCODE",
                    "COUNTRY", "PROVINCE", "FIRST_NAME", "LAST_NAME")
                .Expression("INSERT_DTS", "CURRENT_TIMESTAMP(6)").Expression("UPDATE_DTS", "CURRENT_TIMESTAMP(6)")
                .FileName("SOURCE_FILE_NAME").FileRowNumber("SOURCE_FILE_ROW_NUMBER"))
            .Stream("WORK_CUSTOMER_SRC_TO_SL_STREAM", appendOnly: true);

        var customer = Silver.Table("CUSTOMER").Collate("en-ci")
            .ColumnsLike(landing, "FIRST_NAME", "LAST_NAME", "COMPANYNAME", "PHONE", "ADDRESSLINE1", "ADDRESSLINE2",
                "CITY", "STATE", "COUNTRY", "POSTALCODE", "PROVINCE")
            .Column("TIME_ZONE", Varchar(3)).Column("SOURCE_SYS_NAME", Varchar(20)).Column("INSTNC_ST_NM", Varchar(50))
            .Column("PROCESS_ID", Varchar(100)).Column("PROCESS_NAME", Varchar(200))
            .Columns(TimestampNtz(6), "INSERT_DTS", "UPDATE_DTS").Column("MD5_HASH", Varchar(80))
            .NotNull("FIRST_NAME", "LAST_NAME", "ADDRESSLINE1", "STATE", "COUNTRY", "TIME_ZONE", "SOURCE_SYS_NAME",
                "INSTNC_ST_NM", "PROCESS_ID", "PROCESS_NAME", "INSERT_DTS", "UPDATE_DTS", "MD5_HASH")
            .PrimaryKey("FIRST_NAME", "LAST_NAME", "ADDRESSLINE1", "COUNTRY", "STATE", "MD5_HASH");

        var upsert = Silver.UpsertProcedure("WORK_CUSTOMER_SRC_TO_SL_SP", from: changes, into: customer)
            .Argument("DATABASE", Varchar()).ExecuteAs(ProcedureExecuteAs.Caller)
            .Key("FIRST_NAME", "LAST_NAME").Where("FIRST_NAME IS NOT NULL AND LAST_NAME IS NOT NULL")
            .Constant("TIME_ZONE", "EST").Constant("SOURCE_SYS_NAME", "CUSTOMER").Constant("INSTNC_ST_NM", "STANDARD")
            .Expression("PROCESS_ID", "CURRENT_SESSION()").ProcedureName("PROCESS_NAME")
            .Hash("MD5_HASH", "COMPANYNAME", "PHONE", "ADDRESSLINE1", "ADDRESSLINE2", "CITY", "STATE", "COUNTRY",
                "POSTALCODE", "PROVINCE")
            .TouchOnUnchanged("UPDATE_DTS")
            .Task("WORK_CUSTOMER_SRC_TO_SL_TASK", task => task
                .Warehouse("COMPUTE_WH").Cron("0 0 * * *", "America/New_York").ErrorIntegration(errors)
                .WhenStreamHasData().CallWith("SNOWLAKE_DB").Started());

        return Medallion.Database("SNOWLAKE_DB")
            .Add(changes, upsert, Gold.View("CUSTOMER_VIEW", customer))
            .Build();
    }
}
