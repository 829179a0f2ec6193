#pragma once

#include "db/connectionsettings.h"

#include <QString>
#include <QTemporaryDir>

// A throwaway Patroni cluster on loopback (tests/ha/patroni_cluster.sh): one etcd and three
// PostgreSQL 15 nodes, node1…node3, each its own data directory and TCP port on 127.0.0.1,
// run as the postgres account when we are root. Ports are picked free at start(). ttl 10 s,
// loop_wait 1 s, retry_timeout 4 s and primary_start_timeout 0: a primary whose postmaster
// dies fails over to a standby within seconds. Stopped by the destructor; however the test
// process ends, its watchdog (fixtureguard.h) ends etcd, the Patronis and the servers too
// (they all carry the process's mark) and removes the directory.
class PatroniCluster
{
public:
    enum class Replication { Synchronous, Asynchronous }; // Patroni's synchronous_mode
    static constexpr int kTtlSeconds = 10;

    explicit PatroniCluster(Replication replication);
    ~PatroniCluster();
    PatroniCluster(const PatroniCluster &) = delete;
    PatroniCluster &operator=(const PatroniCluster &) = delete;

    // Returns once there is a primary and two streaming standbys (in synchronous mode one
    // of them synchronous). QVERIFY2(cluster.start(), qPrintable(cluster.errorString())).
    bool start();
    void stop();
    QString errorString() const { return m_error; }
    QString directory() const { return m_dir.path(); }

    // The libpq multi-host address of the three nodes, target_session_attrs=read-write:
    // whichever node is primary, a connection lands there.
    QString url(const QString &database) const;
    ConnectionSettings settings(const QString &database) const;

    // The current primary's name (node1…node3), or empty while there is none.
    QString primary() const;
    // Waits (bounded) until a primary other than `not` is up; returns its name or empty.
    QString waitForPrimary(const QString &notThis, int timeoutMs) const;
    // Waits (bounded) until every node is running again: a primary and two standbys
    // streaming (synchronous mode: one of them synchronous).
    bool waitForHealthy(int timeoutMs) const;
    // A standby's name: in synchronous mode the synchronous one.
    QString standby() const;
    // SIGKILL to that node's postmaster. Returns false when there is none.
    bool killPostmaster(const QString &node);
    // `patronictl switchover --leader <primary> --candidate <candidate> --force`.
    bool switchover(const QString &candidate, QString *output);
    // `patronictl list`, for the log.
    QString list() const;

private:
    QString script(const QStringList &arguments, int timeoutMs, int *exitCode) const;
    bool nodeAnswers(const QString &node, const QString &path) const;

    Replication m_replication;
    QTemporaryDir m_dir;
    QString m_error;
    bool m_started = false;
    int m_pgPorts[3] = {};
    int m_apiPorts[3] = {};
};
