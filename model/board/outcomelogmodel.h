#pragma once

#include "core/claimoutcome.h"

#include <QAbstractTableModel>
#include <QDateTime>

// Every outcome this console saw (claims, releases, holds, reassignments), newest first:
// the conflict log dock. Copyable as text and exportable as CSV. Bounded (oldest dropped).
// A row says what was true when it was logged and never rewrites itself: the date and time,
// the message as it read then ("since 1 s ago" stays so in the export), the driver by name.
class OutcomeLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Time, Order, Driver, Code, Status, LatencyMs, Message, Count };
    enum Role { HttpStatusRole = Qt::UserRole + 1 };

    explicit OutcomeLogModel(QObject *parent = nullptr);

    // driverName: the name of outcome.driverId if the caller knows it (shown "Ada (3)").
    void append(const QString &action, const ClaimOutcome &outcome, const QString &driverName = {});
    void clear();
    static constexpr int maxEntries() { return 10000; }

    // Rows as tab-separated text (for the clipboard) or as RFC 4180 CSV with a header.
    QString toText(const QList<int> &rows) const;
    QString toCsv() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QDateTime at;
        QString action;
        ClaimOutcome outcome;
        QString message; // outcome.message() when logged: it reads relative times off the clock
        QString driverName;
    };
    QString cell(const Entry &entry, Column column) const;
    QList<Entry> m_entries; // newest first
};
