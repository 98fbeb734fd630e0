namespace SnowMedallion.Testing.Snowflake.Procedures;

/// <summary>
/// The JavaScript side of the stored procedure API
/// (https://docs.snowflake.com/en/sql-reference/stored-procedures-api): the <c>snowflake</c> object,
/// <c>Statement</c> and <c>ResultSet</c>. It is a factory the host calls with its native functions; the
/// natives stay in the closure, so procedure code sees only the documented API.
/// </summary>
internal static class SnowflakeApiPrelude
{
    /// <summary>The script's source name (it shows in stack traces).</summary>
    public const string SourceName = "snowflake-api";

    /// <summary>
    /// The factory. <c>host.exec(sqlText, binds, origin)</c> runs a statement and returns its metadata
    /// (<c>handle, columns[{name, sqlType, jsType, scale, nullable}], rowCount, inserted, updated, deleted,
    /// affected, queryId</c>); <c>host.value(handle, row, col)</c> and <c>host.text(handle, row, col)</c> read cells.
    /// </summary>
    public const string Script = """
(function (host) {
  'use strict';
  function fail(message) { throw new Error(message); }
  var LOG_LEVELS = ['off', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  // SfDate: a Date with Snowflake's extra methods, for TIMESTAMP_* values read from a ResultSet.
  var SF_DATE = '__sfDate';
  var sfDateProto = Object.create(Date.prototype);
  function sfInfo(d) { return d[SF_DATE]; }
  sfDateProto.getEpochSeconds = function () { return Math.floor(this.getTime() / 1000); };
  sfDateProto.getNanoSeconds = function () { return sfInfo(this).nanos; };
  sfDateProto.getScale = function () { return sfInfo(this).scale; };
  sfDateProto.getTimezone = function () { return sfInfo(this).timezone; };
  host.sfDate = function (ms, nanos, scale, timezone) {
    var d = new Date(ms);
    Object.setPrototypeOf(d, sfDateProto);
    Object.defineProperty(d, SF_DATE, { value: { nanos: nanos, scale: scale, timezone: timezone } });
    return d;
  };
  function checkCommand(cmd, method) {
    if (cmd === null || typeof cmd !== 'object') fail('Invalid argument to ' + method + ': expected an object such as {sqlText: "...", binds: [...]}.');
    if (typeof cmd.sqlText !== 'string' || cmd.sqlText.trim() === '') fail('Invalid argument to ' + method + ': sqlText is missing or contains an empty query text.');
    if (cmd.binds !== undefined && cmd.binds !== null && !Array.isArray(cmd.binds)) fail('Invalid argument to ' + method + ': binds must be an array.');
    return { sqlText: cmd.sqlText, binds: cmd.binds || [] };
  }
  function columnIndex(info, column, method) {
    var columns = info.columns;
    if (typeof column === 'number') {
      if (column % 1 !== 0 || column < 1 || column > columns.length) fail(method + ': column index ' + column + ' is out of range: columns are numbered 1 to ' + columns.length + '.');
      return column - 1;
    }
    if (typeof column === 'string') {
      // Names are case-sensitive: an unquoted column name is upper case (NAME, not name).
      for (var i = 0; i < columns.length; i++) if (columns[i].name === column) return i;
      var upper = column.toUpperCase();
      for (var j = 0; j < columns.length; j++) {
        if (columns[j].name.toUpperCase() === upper) fail(method + ': the result has no column named \'' + column + '\' (column names are case-sensitive: did you mean \'' + columns[j].name + '\'?).');
      }
      fail(method + ': the result has no column named \'' + column + '\'.');
    }
    fail(method + ': expected a column index (from 1) or a column name.');
  }
  function columnInfo(info, column, method) { return info.columns[columnIndex(info, column, method)]; }
  function makeResultSet(info) {
    var row = -1;
    var rs = {};
    var methods = {
      next: function () {
        if (row + 1 < info.rowCount) {
          row++;
          for (var c = 0; c < info.columns.length; c++) {
            var name = info.columns[c].name;
            if (!Object.prototype.hasOwnProperty.call(methods, name)) rs[name] = host.value(info.handle, row, c);
          }
          return true;
        }
        row = info.rowCount;
        return false;
      },
      getColumnValue: function (column) {
        var c = columnIndex(info, column, 'ResultSet.getColumnValue');
        if (row < 0 || row >= info.rowCount) fail('ResultSet is empty or not prepared (call next() first).');
        return host.value(info.handle, row, c);
      },
      getColumnValueAsString: function (column) {
        var c = columnIndex(info, column, 'ResultSet.getColumnValueAsString');
        if (row < 0 || row >= info.rowCount) fail('ResultSet is empty or not prepared (call next() first).');
        return host.text(info.handle, row, c);
      },
      getColumnCount: function () { return info.columns.length; },
      getColumnName: function (column) { return columnInfo(info, column, 'ResultSet.getColumnName').name; },
      getColumnScale: function (column) { return columnInfo(info, column, 'ResultSet.getColumnScale').scale; },
      getColumnSqlType: function (column) {
        var c = columnIndex(info, column, 'ResultSet.getColumnSqlType');
        if (row < 0 || row >= info.rowCount) fail('ResultSet is empty or not prepared (call next() first).');
        return info.columns[c].sqlType;
      },
      getColumnType: function (column) { return columnInfo(info, column, 'ResultSet.getColumnType').jsType; },
      getRowCount: function () { return info.rowCount; },
      getNumRowsAffected: function () { return info.affected; },
      getQueryId: function () { return info.queryId; }
    };
    for (var m in methods) rs[m] = methods[m];
    return rs;
  }
  function makeStatement(cmd) {
    var info = null;
    function executed(method) {
      if (info === null) fail('Statement.' + method + ': the statement has not been executed yet (call execute() first).');
      return info;
    }
    function kind(column, method, test) { return test(columnInfo(executed(method), column, 'Statement.' + method)); }
    return {
      execute: function () { info = host.exec(cmd.sqlText, cmd.binds, 'Statement.execute'); return makeResultSet(info); },
      getSqlText: function () { return cmd.sqlText; },
      getQueryId: function () {
        if (info === null) fail('Statement is not executed yet.');
        return info.queryId;
      },
      getRequestId: function () { return executed('getRequestId').queryId; },
      getRowCount: function () { return executed('getRowCount').rowCount; },
      getNumRowsAffected: function () { return executed('getNumRowsAffected').affected; },
      getNumRowsInserted: function () { return executed('getNumRowsInserted').inserted; },
      getNumRowsUpdated: function () { return executed('getNumRowsUpdated').updated; },
      getNumRowsDeleted: function () { return executed('getNumRowsDeleted').deleted; },
      getNumDuplicateRowsUpdated: function () { executed('getNumDuplicateRowsUpdated'); return 0; },
      getColumnCount: function () { return executed('getColumnCount').columns.length; },
      getColumnName: function (column) { return columnInfo(executed('getColumnName'), column, 'Statement.getColumnName').name; },
      getColumnScale: function (column) { return columnInfo(executed('getColumnScale'), column, 'Statement.getColumnScale').scale; },
      getColumnSqlType: function (column) { return columnInfo(executed('getColumnSqlType'), column, 'Statement.getColumnSqlType').sqlType; },
      getColumnType: function (column) { return columnInfo(executed('getColumnType'), column, 'Statement.getColumnType').jsType; },
      isColumnNullable: function (column) { return kind(column, 'isColumnNullable', function (c) { return c.nullable; }); },
      isColumnText: function (column) { return kind(column, 'isColumnText', function (c) { return c.category === 'Text'; }); },
      isColumnNumber: function (column) { return kind(column, 'isColumnNumber', function (c) { return c.category === 'Number' || c.category === 'Float'; }); },
      isColumnBoolean: function (column) { return kind(column, 'isColumnBoolean', function (c) { return c.category === 'Boolean'; }); },
      isColumnDate: function (column) { return kind(column, 'isColumnDate', function (c) { return c.category === 'Date'; }); },
      isColumnTime: function (column) { return kind(column, 'isColumnTime', function (c) { return c.category === 'Time'; }); },
      isColumnTimestamp: function (column) { return kind(column, 'isColumnTimestamp', function (c) { return c.category === 'Timestamp'; }); },
      isColumnVariant: function (column) { return kind(column, 'isColumnVariant', function (c) { return c.category === 'Variant'; }); },
      isColumnObject: function (column) { return kind(column, 'isColumnObject', function (c) { return c.category === 'Object'; }); },
      isColumnArray: function (column) { return kind(column, 'isColumnArray', function (c) { return c.category === 'Array'; }); },
      isColumnBinary: function (column) { return kind(column, 'isColumnBinary', function (c) { return c.category === 'Binary'; }); }
    };
  }
  return {
    createStatement: function (cmd) {
      var checked = checkCommand(cmd, 'snowflake.createStatement');
      // createStatement throws for a bind of an unsupported type, before execute(): only number, string, SfDate (and null) bind.
      for (var i = 0; i < checked.binds.length; i++) {
        var b = checked.binds[i];
        if (b === null || b === undefined || typeof b === 'number' || typeof b === 'string' || (b instanceof Date && b[SF_DATE] !== undefined)) continue;
        fail('Invalid binds argument ' + String(b) + '. Error: Unsupported type for binding argument ' + (i + 1) + ': only a number, string, SfDate or null binds.');
      }
      return makeStatement(checked);
    },
    execute: function (cmd) {
      var checked = checkCommand(cmd, 'snowflake.execute');
      return makeResultSet(host.exec(checked.sqlText, checked.binds, 'Snowflake.execute'));
    },
    log: function (level, message) {
      if (typeof level !== 'string') fail('snowflake.log: level must be a string, one of ' + LOG_LEVELS.join(', ') + '.');
      if (LOG_LEVELS.indexOf(level.toLowerCase()) < 0) fail('snowflake.log: invalid level \'' + level + '\': use one of ' + LOG_LEVELS.join(', ') + '.');
      host.log(level, String(message));
    },
    addEvent: function (name, attributes) {
      if (arguments.length === 0 || arguments.length > 2) fail('snowflake.addEvent: expected 1 or 2 arguments (name[, attributes]), got ' + arguments.length + '.');
      if (typeof name !== 'string') fail('snowflake.addEvent: name must be a string.');
    },
    setSpanAttribute: function (key, value) {
      if (arguments.length !== 2) fail('snowflake.setSpanAttribute: expected 2 arguments (key, value), got ' + arguments.length + '.');
      if (typeof key !== 'string') fail('snowflake.setSpanAttribute: key must be a string.');
    }
  };
})
""";
}
