#include "inspector/inspectorsession.h"

#include "core/claimoutcome.h"
#include "core/textinput.h"
#include "db/databaseconnection.h"
#include "db/statementcache.h"

#include <QCoreApplication>
#include <QSqlField>
#include <QSqlRecord>

namespace {

// Q_DECLARE_TR_FUNCTIONS gives lupdate and the runtime the same context.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Inspector)
};

std::optional<qint64> optionalId(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

// Labels for the columns we know; a column added by a later migration still shows, under
// its own name, so "every column" stays true.
QString columnLabel(const QString &column)
{
    static const QHash<QString, QString> labels {
        { QStringLiteral("id"), QStringLiteral("Order") },
        { QStringLiteral("status"), QStringLiteral("Status") },
        { QStringLiteral("driver_id"), QStringLiteral("Driver") },
        { QStringLiteral("is_active"), QStringLiteral("Active") },
        { QStringLiteral("customer"), QStringLiteral("Customer") },
        { QStringLiteral("pickup"), QStringLiteral("Pickup") },
        { QStringLiteral("dropoff"), QStringLiteral("Drop-off") },
        { QStringLiteral("total"), QStringLiteral("Total") },
        { QStringLiteral("created_at"), QStringLiteral("Created at") },
        { QStringLiteral("ready_at"), QStringLiteral("Ready at") },
        { QStringLiteral("assigned_at"), QStringLiteral("Assigned at") },
        { QStringLiteral("updated_at"), QStringLiteral("Updated at") },
        { QStringLiteral("reserved_by"), QStringLiteral("Held by") },
        { QStringLiteral("reserved_until"), QStringLiteral("Held until") },
        { QStringLiteral("name"), QStringLiteral("Name") },
        { QStringLiteral("phone"), QStringLiteral("Phone") },
    };
    const auto it = labels.constFind(column);
    if (it != labels.constEnd())
        return QCoreApplication::translate("Inspector", it->toUtf8().constData());
    QString label = column;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label;
}

QString valueText(const QVariant &value)
{
    if (value.isNull())
        return {};
    switch (value.typeId()) {
    case QMetaType::QDateTime:
        return inspectorTimeText(value.toDateTime().toUTC());
    case QMetaType::Bool:
        return value.toBool() ? Text::tr("yes") : Text::tr("no");
    case QMetaType::QByteArray:
        return QCoreApplication::translate("Inspector", "(%n byte(s))", nullptr,
                                           int(value.toByteArray().size()));
    default:
        return value.toString();
    }
}

QList<LabelledField> labelledFields(const QSqlRecord &record, const QStringList &skip)
{
    QList<LabelledField> fields;
    for (int i = 0; i < record.count(); ++i) {
        const QString column = record.fieldName(i);
        if (skip.contains(column))
            continue;
        LabelledField field;
        field.column = column;
        field.label = columnLabel(column);
        field.isNull = record.value(i).isNull();
        field.value = valueText(record.value(i));
        fields << field;
    }
    return fields;
}

LifecycleEvent::Kind classify(const LifecycleEvent &e, bool activeChanged)
{
    using Kind = LifecycleEvent::Kind;
    if (e.operation == QLatin1String("INSERT"))
        return Kind::Created;
    if (e.operation == QLatin1String("DELETE"))
        return Kind::Deleted;
    if (e.oldDriverId != e.newDriverId) {
        if (!e.oldDriverId)
            return Kind::Assignment;
        if (!e.newDriverId)
            return Kind::Release;
        return Kind::Reassignment;
    }
    if (!e.newReservedBy.isEmpty() && e.newReservedUntil.isValid()
        && (e.newReservedBy != e.oldReservedBy || e.oldStatus == e.newStatus))
        return Kind::Hold;
    if (e.newReservedBy.isEmpty() && !e.oldReservedBy.isEmpty())
        return Kind::HoldEnded;
    if (e.oldStatus != e.newStatus)
        return Kind::StatusChange;
    if (activeChanged)
        return Kind::ActiveChange;
    return Kind::StatusChange;
}

ClaimAttemptEntry readAttempt(const QSqlQuery &q)
{
    // Columns: id, order_id, attempted_at, driver_id, driver name, source, actor, latency_us,
    // outcome, holder_id, holder name.
    ClaimAttemptEntry a;
    a.attemptId = q.value(0).toLongLong();
    a.orderId = q.value(1).toLongLong();
    a.at = TextInput::utc(q.value(2));
    a.driverId = q.value(3).toLongLong();
    a.driverName = q.value(4).toString();
    a.source = q.value(5).toString();
    a.actor = q.value(6).toString();
    a.latencyUs = q.value(7).toLongLong();
    a.outcome = q.value(8).toString();
    if (const auto code = outcomeCodeFromName(a.outcome))
        a.httpStatus = outcomeInfo(*code).httpStatus;
    a.holderId = optionalId(q.value(9));
    a.holderName = q.value(10).toString();
    return a;
}

// Columns: id, changed_at, operation, old_status, new_status, old_driver_id, old driver's
// name, new_driver_id, new driver's name, old_reserved_by, new_reserved_by,
// new_reserved_until, is_active, source, actor, reason, txid. is_active is recorded only
// when it changed, so a null carries the previous event's.
LifecycleEvent readLifecycleEvent(const QSqlQuery &q, bool previousActive)
{
    LifecycleEvent e;
    e.historyId = q.value(0).toLongLong();
    e.at = TextInput::utc(q.value(1));
    e.operation = q.value(2).toString();
    e.oldStatus = q.value(3).toString();
    e.newStatus = q.value(4).toString();
    e.oldDriverId = optionalId(q.value(5));
    e.oldDriverName = q.value(6).toString();
    e.newDriverId = optionalId(q.value(7));
    e.newDriverName = q.value(8).toString();
    e.oldReservedBy = q.value(9).toString();
    e.newReservedBy = q.value(10).toString();
    e.newReservedUntil = TextInput::utc(q.value(11));
    e.isActive = q.value(12).isNull() ? previousActive : q.value(12).toBool();
    e.source = q.value(13).toString();
    e.actor = q.value(14).toString();
    e.reason = q.value(15).toString();
    e.txid = q.value(16).toLongLong();
    e.kind = classify(e, e.isActive != previousActive);
    return e;
}

// Columns: id, status, customer, dropoff, a time (assigned or last updated); for a past
// order (`past`) also the driver who has it now and their name, kept when not `driverId`.
DriverOrderEntry readDriverOrder(const QSqlQuery &q, bool past, qint64 driverId)
{
    DriverOrderEntry entry;
    entry.orderId = q.value(0).toLongLong();
    entry.status = q.value(1).toString();
    entry.customer = q.value(2).toString();
    entry.dropoff = q.value(3).toString();
    entry.at = TextInput::utc(q.value(4));
    if (past) {
        const auto holder = optionalId(q.value(5));
        if (holder && *holder != driverId) {
            entry.nowWithDriverId = holder;
            entry.nowWithDriverName = q.value(6).toString();
        }
    }
    return entry;
}

// The order's own row (o.*, driver_name, read_at) into the page's header and fields.
void readOrderRow(const QSqlRecord &record, OrderPage *page)
{
    page->found = true;
    page->status = record.value(QStringLiteral("status")).toString();
    page->driverId = optionalId(record.value(QStringLiteral("driver_id")));
    page->driverName = record.value(QStringLiteral("driver_name")).toString();
    page->readAt = TextInput::utc(record.value(QStringLiteral("read_at")));
    page->fields
        = labelledFields(record, { QStringLiteral("driver_name"), QStringLiteral("read_at") });
    for (LabelledField &field : page->fields) {
        if (field.column == QLatin1String("driver_id") && page->driverId
            && !page->driverName.isEmpty())
            field.value = QStringLiteral("%1 (#%2)").arg(page->driverName).arg(*page->driverId);
    }
}

// Columns: outcome, count, and whether more attempts were left uncounted: wins, 409s and
// the other refusals.
void countOutcome(const QSqlQuery &q, DriverPage *page)
{
    const QString outcome = q.value(0).toString();
    const int n = q.value(1).toInt();
    if (q.value(2).toBool())
        page->countsCapped = true;
    const auto code = outcomeCodeFromName(outcome);
    const int status = code ? outcomeInfo(*code).httpStatus : 0;
    if (outcome == QLatin1String("ASSIGNED"))
        page->wins += n;
    else if (status == 409)
        page->conflicts += n;
    else
        page->otherAttempts += n;
}

const QString kAttemptColumns = QStringLiteral(
    "SELECT a.id, a.order_id, a.attempted_at, a.driver_id, d.name, a.source, a.actor,"
    "       a.latency_us, a.outcome, a.holder_id, h.name"
    "  FROM claim_attempts a"
    "  LEFT JOIN drivers d ON d.id = a.driver_id"
    "  LEFT JOIN drivers h ON h.id = a.holder_id");

} // namespace

InspectorSession::InspectorSession(const ConnectionSettings &settings)
    : m_connection(std::make_unique<DatabaseConnection>(settings, QStringLiteral("inspector")))
    , m_label(settings.redacted())
{ }

InspectorSession::~InspectorSession() = default;

QSqlDatabase InspectorSession::database() const
{
    return m_connection->database();
}

QString InspectorSession::ensureOpen()
{
    if (m_connection->database().isOpen() && m_configured)
        return {};
    m_configured = false;
    if (const QSqlError error = m_connection->open(); error.isValid())
        return Text::tr("The database is unavailable (%1).")
            .arg(DatabaseConnection::describe(error));
    // Nothing is SET on the session: behind a transaction pooler a session setting stays in
    // whichever server session ran it (default_transaction_read_only there would turn other
    // clients' claims into errors). Each statement carries its own (run()).
    m_configured = true;
    return {};
}

bool InspectorSession::isReadOnly()
{
    if (!ensureOpen().isEmpty())
        return false;
    QString error;
    std::optional<QSqlQuery> query = run(
        QStringLiteral("SELECT pg_catalog.current_setting('transaction_read_only')"), {}, &error);
    return query && query->next() && query->value(0).toString() == QLatin1String("on");
}

QString InspectorSession::describe(const QSqlError &error)
{
    const QString state = error.nativeErrorCode();
    if (DatabaseConnection::isConnectionLoss(error))
        return Text::tr("The database is unavailable (%1).")
            .arg(DatabaseConnection::describe(error));
    if (state == QLatin1String("42501"))
        return Text::tr(
            "This login may not read that (permission denied). Ask for the dispatch_support role.");
    if (state == QLatin1String("57014"))
        return Text::tr("The search took longer than %1 s and was stopped. Make it more specific.")
            .arg(kStatementTimeoutMs / 1000);
    if (state == QLatin1String("25006"))
        return Text::tr("The inspector is read-only: nothing was changed.");
    if (state == QLatin1String("22021") || state == QLatin1String("22P05"))
        return Text::tr("The text contains characters the database cannot store or search.");
    return Text::tr("The database could not answer (%1).").arg(DatabaseConnection::describe(error));
}

void InspectorSession::noteFailure(const QSqlError &error)
{
    if (DatabaseConnection::isConnectionLoss(error)) {
        m_configured = false;
        m_connection->close(); // reopened (and configured again) on the next call
    }
}

std::optional<QSqlQuery> InspectorSession::run(const QString &sql, const QVariantList &values,
                                               QString *error, bool forwardOnly)
{
    if (const QString why = ensureOpen(); !why.isEmpty()) {
        *error = why;
        return std::nullopt;
    }
    // Read-only and bounded, each statement in its own round trip (see ensureOpen()).
    static const QList<QByteArray> kSettings = { "transaction_read_only", "on", "statement_timeout",
                                                 QByteArray::number(kStatementTimeoutMs) };
    QSqlQuery query = StatementCache::unnamed(m_connection->database(), kSettings);
    query.setForwardOnly(forwardOnly);
    if (!query.prepare(sql)) {
        *error = describe(query.lastError());
        noteFailure(query.lastError());
        return std::nullopt;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        *error = describe(query.lastError());
        noteFailure(query.lastError());
        return std::nullopt;
    }
    return query;
}

bool InspectorSession::beginSnapshot(QString *error)
{
    if (const QString why = ensureOpen(); !why.isEmpty()) {
        *error = why;
        return false;
    }
    QSqlQuery query(m_connection->database());
    if (!query.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))) {
        *error = describe(query.lastError());
        noteFailure(query.lastError());
        return false;
    }
    return true;
}

void InspectorSession::endSnapshot()
{
    if (!m_connection->database().isOpen())
        return;
    QSqlQuery query(m_connection->database());
    query.exec(QStringLiteral("COMMIT")); // read-only: COMMIT and ROLLBACK do the same
}

OrderPage InspectorSession::loadOrder(qint64 orderId)
{
    OrderPage page;
    page.orderId = orderId;
    if (orderId <= 0) {
        page.error = Text::tr("An order number must be a positive whole number.");
        return page;
    }
    if (!beginSnapshot(&page.error))
        return page;
    const auto finish = [this, &page]() -> OrderPage & {
        endSnapshot();
        return page;
    };

    auto row = run(QStringLiteral("SELECT o.*, d.name AS driver_name, now() AS read_at"
                                  "  FROM orders o LEFT JOIN drivers d ON d.id = o.driver_id"
                                  " WHERE o.id = ?"),
                   { orderId }, &page.error);
    if (!row)
        return finish();
    if (!row->next())
        return finish(); // not found: found stays false, error stays empty
    readOrderRow(row->record(), &page);
    row->finish();

    auto history
        = run(QStringLiteral("SELECT h.id, h.changed_at, h.operation, h.old_status, h.new_status,"
                             "       h.old_driver_id, od.name, h.new_driver_id, nd.name,"
                             "       h.old_reserved_by, h.new_reserved_by, h.new_reserved_until,"
                             "       h.is_active, h.source, h.actor, h.reason, h.txid"
                             "  FROM order_history h"
                             "  LEFT JOIN drivers od ON od.id = h.old_driver_id"
                             "  LEFT JOIN drivers nd ON nd.id = h.new_driver_id"
                             " WHERE h.order_id = ?"
                             " ORDER BY h.changed_at, h.id"
                             " LIMIT %1")
                  .arg(OrderPage::kMaxLifecycle + 1),
              { orderId }, &page.error);
    if (!history)
        return finish();
    bool previousActive = true;
    while (history->next()) {
        if (page.lifecycle.size() == OrderPage::kMaxLifecycle) {
            page.lifecycleTruncated = true;
            break;
        }
        page.lifecycle << readLifecycleEvent(*history, previousActive);
        previousActive = page.lifecycle.constLast().isActive;
    }
    history->finish();

    auto attempts = run(kAttemptColumns
                            + QStringLiteral(" WHERE a.order_id = ?"
                                             " ORDER BY a.attempted_at, a.id LIMIT %1")
                                  .arg(OrderPage::kMaxAttempts + 1),
                        { orderId }, &page.error);
    if (!attempts)
        return finish();
    while (attempts->next()) {
        if (page.attempts.size() == OrderPage::kMaxAttempts) {
            page.attemptsTruncated = true;
            break;
        }
        page.attempts << readAttempt(*attempts);
    }
    attempts->finish();
    return finish();
}

DriverPage InspectorSession::loadDriver(qint64 driverId)
{
    DriverPage page;
    page.driverId = driverId;
    if (driverId <= 0) {
        page.error = Text::tr("A driver number must be a positive whole number.");
        return page;
    }
    if (!beginSnapshot(&page.error))
        return page;
    const auto finish = [this, &page]() -> DriverPage & {
        endSnapshot();
        return page;
    };

    // Named columns: a support login may not read api_token_hash (sql/008).
    auto row = run(QStringLiteral("SELECT id, name, phone, is_active, created_at, now() AS read_at"
                                  "  FROM drivers WHERE id = ?"),
                   { driverId }, &page.error);
    if (!row || !row->next())
        return finish();
    const QSqlRecord record = row->record();
    page.found = true;
    page.name = record.value(QStringLiteral("name")).toString();
    page.readAt = TextInput::utc(record.value(QStringLiteral("read_at")));
    page.fields = labelledFields(record, { QStringLiteral("read_at") });
    if (!page.fields.isEmpty())
        page.fields.first().label = Text::tr("Driver");
    row->finish();

    const QString inProgress = QStringLiteral("('driver_assigned', 'picked_up', 'in_transit')");
    auto current = run(QStringLiteral("SELECT id, status, customer, dropoff, assigned_at"
                                      "  FROM orders"
                                      " WHERE driver_id = ? AND status IN %1"
                                      " ORDER BY id DESC LIMIT %2")
                           .arg(inProgress)
                           .arg(DriverPage::kMaxOrders),
                       { driverId }, &page.error);
    if (!current)
        return finish();
    while (current->next())
        page.currentOrders << readDriverOrder(*current, false, driverId);
    current->finish();

    // Past: delivered (or cancelled) with this driver, or held once and released or
    // reassigned since — the history knows those. The newest only, from each source in
    // index order (order_history_new_driver_idx in every monthly partition, and
    // orders_driver_id_id_idx), never all of a year's changes. The orders source leaves the
    // orders in progress out itself; the history's may hold them, so it gives kMaxOrders +
    // (orders in progress) candidates. Exact unless a driver has more than kMaxOrders orders
    // in progress or orders were deleted by hand: then the list may be shorter than it could
    // be, never wrong.
    const int candidates = DriverPage::kMaxOrders + int(page.currentOrders.size());
    auto past
        = run(QStringLiteral("SELECT o.id, o.status, o.customer, o.dropoff, o.updated_at,"
                             "       o.driver_id, now_with.name"
                             "  FROM orders o"
                             "  LEFT JOIN drivers now_with ON now_with.id = o.driver_id"
                             " WHERE o.id IN ((SELECT DISTINCT h.order_id FROM order_history h"
                             "                  WHERE h.new_driver_id = ?"
                             "                  ORDER BY h.order_id DESC LIMIT %3)"
                             "                UNION ALL"
                             "                (SELECT o2.id FROM orders o2 WHERE o2.driver_id = ?"
                             "                    AND o2.status NOT IN %1"
                             "                  ORDER BY o2.id DESC LIMIT %2))"
                             "   AND NOT (o.driver_id IS NOT DISTINCT FROM ? AND o.status IN %1)"
                             " ORDER BY o.id DESC LIMIT %2")
                  .arg(inProgress)
                  .arg(DriverPage::kMaxOrders)
                  .arg(candidates),
              { driverId, driverId, driverId }, &page.error);
    if (!past)
        return finish();
    while (past->next())
        page.pastOrders << readDriverOrder(*past, true, driverId);
    past->finish();

    // The newest kMaxCountedAttempts (and one more, to know whether there were more).
    auto counts
        = run(QStringLiteral("SELECT last.outcome, count(*) FILTER (WHERE last.n <= %1),"
                             "       bool_or(last.n > %1)"
                             "  FROM (SELECT a.outcome, row_number() OVER ("
                             "                   ORDER BY a.attempted_at DESC, a.id DESC) AS n"
                             "          FROM claim_attempts a WHERE a.driver_id = ?"
                             "         ORDER BY a.attempted_at DESC, a.id DESC"
                             "         LIMIT %1 + 1) last"
                             " GROUP BY last.outcome")
                  .arg(DriverPage::kMaxCountedAttempts),
              { driverId }, &page.error);
    if (!counts)
        return finish();
    while (counts->next())
        countOutcome(*counts, &page);
    counts->finish();

    auto recent = run(kAttemptColumns
                          + QStringLiteral(" WHERE a.driver_id = ?"
                                           " ORDER BY a.attempted_at DESC, a.id DESC LIMIT %1")
                                .arg(DriverPage::kMaxRecentAttempts),
                      { driverId }, &page.error);
    if (!recent)
        return finish();
    while (recent->next())
        page.recentAttempts << readAttempt(*recent);
    recent->finish();
    return finish();
}
