#pragma once

#include <QSqlQuery>
#include <QString>
#include <memory>

class DatabaseConnection;

// BENCHMARK ONLY — THE SEED'S BUG, for comparison with the atomic claim. Never linked into
// the product; only bench/dispatch-bench uses it, on a throwaway benchmark database.
//
//     SELECT status, driver_id, is_active FROM orders WHERE id = $1   -- read
//     (check in C++: ready, active and no driver?)                     -- validate
//     UPDATE orders SET driver_id = $2, status = 'driver_assigned', assigned_at = now()
//      WHERE id = $1                                                   -- write, trusting the read
//
// Two statements, two autocommit transactions, exactly as the seed's "before" code.
// Unlike claim_order() it records no claim_attempts row (the atomic claim does): the
// throughput comparison says so.
class NaiveReadThenWriteClaim
{
public:
    explicit NaiveReadThenWriteClaim(DatabaseConnection &connection);
    ~NaiveReadThenWriteClaim();
    NaiveReadThenWriteClaim(const NaiveReadThenWriteClaim &) = delete;
    NaiveReadThenWriteClaim &operator=(const NaiveReadThenWriteClaim &) = delete;

    enum class Result { Won, Refused, Error };
    Result claim(qint64 orderId, qint64 driverId);
    QString lastError() const { return m_error; }

private:
    bool prepare();

    DatabaseConnection &m_connection;
    std::unique_ptr<QSqlQuery> m_read;
    std::unique_ptr<QSqlQuery> m_write;
    QString m_error;
};
