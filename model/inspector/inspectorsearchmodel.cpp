#include "inspector/inspectorsearchmodel.h"

#include "core/textinput.h"
#include "inspector/inspectorpages.h"
#include "inspector/inspectorsession.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <limits>

namespace {

// Query columns, in this order.
enum QueryColumn { QId, QStatus, QCustomer, QPickup, QDropoff, QDriverName, QDriverId, QUpdatedAt };

// "123" or "#123": an order (or driver) number. nullopt for anything else; *tooLarge when
// it is all digits but not a bigint.
std::optional<qint64> numberIn(const QString &text, bool *tooLarge = nullptr)
{
    static const QRegularExpression digits(QStringLiteral("^#?\\s*([0-9]+)$"));
    const QRegularExpressionMatch match = digits.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 value = match.captured(1).toLongLong(&ok);
    if (!ok) {
        if (tooLarge)
            *tooLarge = true;
        return std::nullopt;
    }
    return value;
}

} // namespace

QString InspectorSearchModel::normalizedInput(const QString &text, QString *error)
{
    const QString cleaned = TextInput::cleaned(text);
    if (cleaned.size() > kMaxInputLength) {
        *error = tr("The search text is %1 characters long; at most %2 are searched. "
                    "Shorten it to a name, an address or an order number.")
                     .arg(cleaned.size())
                     .arg(kMaxInputLength);
        return {};
    }
    // Unpaired surrogates (pasted binary) would become U+FFFD on the wire; say so instead.
    if (TextInput::hasUnpairedSurrogate(cleaned)) {
        *error = tr("The search text contains characters that are not valid text.");
        return {};
    }
    return cleaned;
}

InspectorSearchModel::Statement InspectorSearchModel::buildStatement(const QString &input,
                                                                     Field field, qint64 beforeId,
                                                                     int pageSize)
{
    Statement statement;
    const QString text = normalizedInput(input, &statement.error);
    if (!statement.error.isEmpty())
        return statement;
    const QString limit = QString::number(pageSize + 1);
    bool tooLarge = false;
    const std::optional<qint64> number = numberIn(text, &tooLarge);

    QString match;
    QVariantList matchValues;
    const auto branch = [&](const char *column) -> QString {
        const QString c = QLatin1String(column);
        matchValues << containsPattern(text) << beforeId;
        return QStringLiteral("(SELECT m.id FROM orders m WHERE m.%1 ILIKE ? AND m.id < ?"
                              " ORDER BY m.id DESC LIMIT %2)")
            .arg(c, limit);
    };
    const auto driverBranch = [&]() -> QString {
        // One index range per matching driver (orders_driver_id_id_idx), each stopping at a
        // page: bounded work whatever the drivers' order counts.
        matchValues << beforeId << containsPattern(text)
                    << (number ? QVariant(*number) : QVariant(QMetaType(QMetaType::LongLong)));
        return QStringLiteral("(SELECT x.id FROM drivers dm CROSS JOIN LATERAL"
                              " (SELECT m.id FROM orders m WHERE m.driver_id = dm.id AND m.id < ?"
                              "   ORDER BY m.id DESC LIMIT %1) x"
                              " WHERE dm.name ILIKE ? OR dm.id = ?)")
            .arg(limit);
    };
    const auto anyOf = [](const QStringList &branches) -> QString {
        return QStringLiteral("o.id IN (") + branches.join(QLatin1String(" UNION ALL "))
            + QLatin1Char(')');
    };

    if (text.isEmpty()) {
        match = QStringLiteral("TRUE"); // no filter: the newest orders
    } else if (field == Field::OrderId || (field == Field::Any && (number || tooLarge))) {
        if (!number || *number <= 0) {
            statement.error = tr("“%1” is not an order number: use digits only, at most %2.")
                                  .arg(text.left(40))
                                  .arg(std::numeric_limits<qint64>::max());
            return statement;
        }
        match = QStringLiteral("o.id = ?");
        matchValues << *number;
    } else {
        switch (field) {
        case Field::Customer:
            match = anyOf({ branch("customer") });
            break;
        case Field::Address:
            match = anyOf({ branch("pickup"), branch("dropoff") });
            break;
        case Field::Driver:
            match = anyOf({ driverBranch() });
            break;
        case Field::Any:
        case Field::OrderId:
            match = anyOf(
                { branch("customer"), branch("pickup"), branch("dropoff"), driverBranch() });
            break;
        }
    }

    statement.sql = QStringLiteral("SELECT o.id, o.status, o.customer, o.pickup, o.dropoff, d.name,"
                                   "       o.driver_id, o.updated_at"
                                   "  FROM orders o LEFT JOIN drivers d ON d.id = o.driver_id"
                                   " WHERE %1 AND o.id < ?"
                                   " ORDER BY o.id DESC LIMIT %2")
                        .arg(match, limit);
    statement.values = matchValues;
    statement.values << beforeId;
    return statement;
}

InspectorSearchModel::InspectorSearchModel(InspectorSession *session, QObject *parent)
    : QueryModel(parent)
    , m_session(session)
{ }

bool InspectorSearchModel::search(const QString &text, Field field)
{
    m_text = text;
    m_field = field;
    m_pageStarts = { std::numeric_limits<qint64>::max() };
    return runPage(m_pageStarts.back());
}

bool InspectorSearchModel::nextPage()
{
    if (!m_hasNext || rowCount() == 0)
        return false;
    const qint64 lastShown = orderIdAt(rowCount() - 1);
    m_pageStarts << lastShown;
    if (runPage(lastShown))
        return true;
    m_pageStarts.removeLast();
    return false;
}

bool InspectorSearchModel::previousPage()
{
    if (m_pageStarts.size() < 2)
        return false;
    m_pageStarts.removeLast();
    return runPage(m_pageStarts.back());
}

bool InspectorSearchModel::reload()
{
    if (m_pageStarts.isEmpty())
        return search(m_text, m_field);
    return runPage(m_pageStarts.back());
}

bool InspectorSearchModel::runPage(qint64 beforeId)
{
    m_statement = buildStatement(m_text, m_field, beforeId, m_pageSize);
    m_message.clear();
    m_hasNext = false;
    m_failed = true; // until the page is on screen
    if (!m_statement.isValid()) {
        m_message = m_statement.error;
        clear();
        emit pageChanged();
        return false;
    }
    auto query = m_session->run(m_statement.sql, m_statement.values, &m_message, false);
    if (!query) {
        clear();
        emit pageChanged();
        return false;
    }
    setQuery(std::move(*query));
    if (lastError().isValid()) {
        m_message = InspectorSession::describe(lastError());
        clear();
        emit pageChanged();
        return false;
    }
    m_failed = false;
    m_hasNext = QSqlQueryModel::rowCount() > m_pageSize;
    if (QSqlQueryModel::rowCount() == 0)
        m_message = m_text.trimmed().isEmpty() ? tr("There are no orders yet.")
                                               : tr("No order matches “%1”.").arg(m_text.trimmed());
    emit pageChanged();
    return true;
}

qint64 InspectorSearchModel::orderIdAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return 0;
    return raw(row, QId).toLongLong();
}

int InspectorSearchModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return std::min(QSqlQueryModel::rowCount(parent), m_pageSize); // the extra row only probes
}

int InspectorSearchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant InspectorSearchModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int r = index.row();
    switch (role) {
    case OrderIdRole:
        return raw(r, QId);
    case DriverIdRole:
        return raw(r, QDriverId);
    case StatusRole:
        return raw(r, QStatus);
    case Qt::TextAlignmentRole:
        if (Column(index.column()) == Column::Id)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case Column::Id:
        return raw(r, QId);
    case Column::Status:
        return raw(r, QStatus);
    case Column::Customer:
        return raw(r, QCustomer);
    case Column::Pickup:
        return raw(r, QPickup);
    case Column::Dropoff:
        return raw(r, QDropoff);
    case Column::Driver: {
        const QVariant id = raw(r, QDriverId);
        if (id.isNull())
            return QString();
        return QStringLiteral("%1 (#%2)").arg(raw(r, QDriverName).toString()).arg(id.toLongLong());
    }
    case Column::Updated:
        return inspectorTimeText(raw(r, QUpdatedAt).toDateTime().toUTC());
    case Column::Count:
        break;
    }
    return {};
}

QVariant InspectorSearchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QSqlQueryModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::Id:
        return tr("Order");
    case Column::Status:
        return tr("Status");
    case Column::Customer:
        return tr("Customer");
    case Column::Pickup:
        return tr("Pickup");
    case Column::Dropoff:
        return tr("Drop-off");
    case Column::Driver:
        return tr("Driver");
    case Column::Updated:
        return tr("Updated");
    case Column::Count:
        break;
    }
    return {};
}
