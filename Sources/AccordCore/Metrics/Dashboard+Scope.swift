extension Dashboard {
    /// The same figures with every list of accounts behind them cut to those a scope admits. The
    /// shared figures stay whole (they are the company's, not a book's); the accounts named are the reader's own.
    public func limited(to scope: ClientScope) -> Dashboard {
        guard !scope.isEverything else { return self }
        func keep(_ ids: [String]) -> [String] { scope.filter(ids, account: { $0 }) }
        var board = self
        board.mrr.accounts = mrr.accounts.mapValues(keep)
        board.mrrByMonth = mrrByMonth.map { month in
            var month = month
            month.accounts = month.accounts.mapValues(keep)
            return month
        }
        board.adoption.adoptedIDs = keep(adoption.adoptedIDs)
        board.adoption.notAdoptedIDs = keep(adoption.notAdoptedIDs)
        board.coverage.singleThreadedIDs = keep(coverage.singleThreadedIDs)
        board.coverage.unengagedIDs = keep(coverage.unengagedIDs)
        board.expansion.qualifiedIDs = keep(expansion.qualifiedIDs)
        board.retention.accountIDs = keep(retention.accountIDs)
        board.renewalRetention.accountIDs = keep(renewalRetention.accountIDs)
        for index in board.cohorts.rows.indices {
            board.cohorts.rows[index].trailingYear.accountIDs = keep(cohorts.rows[index].trailingYear.accountIDs)
        }
        return board
    }
}
