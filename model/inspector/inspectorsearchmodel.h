#pragma once

#include "core/textinput.h"
#include "db/querymodel.h"

#include <QVariantList>

class InspectorSession;

// The support inspector's search results: orders found by order id, customer, address
// or driver (name or id), newest first, one page at a time.
//
// QPSQL fetches every row of a query, so fetchMore() cannot page: each page is its own
// query, keyset-paged ("… AND o.id < <last id of the previous page> ORDER BY o.id DESC
// LIMIT pageSize + 1"), which costs the same on page 1 and page 10,000 and uses the
// indexes of sql/008. The extra row only says whether there is a next page.
//
// Input is trimmed, stripped of control characters and bounded (kMaxInputLength); text is
// matched with ILIKE as itself (%, _ and \ escaped) and always bound, never spliced. Bad
// input gives message() and no query. The exact SQL and values of the page on screen are
// available (statement()) so a test can EXPLAIN them.
// Lives on the GUI thread, on the InspectorSession's read-only connection.
class InspectorSearchModel : public QueryModel
{
    Q_OBJECT
public:
    enum class Field { Any, OrderId, Customer, Address, Driver };
    enum class Column { Id, Status, Customer, Pickup, Dropoff, Driver, Updated, Count };
    enum Role {
        OrderIdRole = Qt::UserRole + 1,
        DriverIdRole, // qint64, null when nobody holds the order
        StatusRole,
    };

    static constexpr int kMaxInputLength = int(TextInput::kMaxLength);
    static constexpr int kDefaultPageSize = 100;

    struct Statement
    {
        QString sql;
        QVariantList values;
        QString error; // input refused: a sentence for a person, and no SQL
        bool isValid() const { return error.isEmpty() && !sql.isEmpty(); }
    };

    // The query for one page: rows with o.id < beforeId (first page: no bound), at most
    // pageSize + 1 of them.
    static Statement buildStatement(const QString &text, Field field, qint64 beforeId,
                                    int pageSize = kDefaultPageSize);
    // Trimmed, control characters removed; *error set (and "" returned) when too long.
    static QString normalizedInput(const QString &text, QString *error);

    explicit InspectorSearchModel(InspectorSession *session, QObject *parent = nullptr);

    void setPageSize(int rows) { m_pageSize = std::clamp(rows, 1, 1000); }
    int pageSize() const { return m_pageSize; }

    // First page of a new search. False when the input was refused or the database failed:
    // message() says why, and the table is emptied rather than left showing old rows.
    bool search(const QString &text, Field field = Field::Any);
    bool nextPage();
    bool previousPage();
    bool reload(); // the current page again
    bool hasNextPage() const { return m_hasNext; }
    bool hasPreviousPage() const { return m_pageStarts.size() > 1; }
    int pageNumber() const { return int(m_pageStarts.size()); } // 1-based
    QString message() const { return m_message; }
    // The last search, page or reload was refused or failed: message() is a problem to show
    // as one, not the "no match" of a search that worked (callers never compare the text).
    bool failed() const { return m_failed; }
    Statement statement() const { return m_statement; }

    qint64 orderIdAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void pageChanged(); // after every successful or failed search / page turn

private:
    bool runPage(qint64 beforeId);

    InspectorSession *m_session;
    QString m_text;
    Field m_field = Field::Any;
    int m_pageSize = kDefaultPageSize;
    QList<qint64> m_pageStarts; // the beforeId of each page shown so far; back() is current
    bool m_hasNext = false;
    bool m_failed = false;
    QString m_message;
    Statement m_statement;
};
