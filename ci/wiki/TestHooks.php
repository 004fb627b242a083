<?php
// TEST-ONLY fault hooks for cujo's failure-classification tests. ci/wiki-up.sh copies this file
// into the data dir only with --test-hooks (never for ci/quickstart.sh). A request carrying
//   X-Cujo-Fault: exception  -> MediaWiki's own "Internal error" page, HTTP 500
//   X-Cujo-Fault: dberror    -> MediaWiki's own "Database error" page, HTTP 500 (a real bad query)
//   X-Cujo-Fault: fatal      -> a real PHP fatal error (memory exhausted): HTTP 500, empty body
// makes MediaWiki itself fail the way a broken deployment does. tests/support/fault_proxy.cc
// adds the header for requests that match its rules.
if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}

class CujoTestFault {
	public static function mode(): string {
		$mode = strtolower( trim( $_SERVER['HTTP_X_CUJO_FAULT'] ?? '' ) );
		return in_array( $mode, [ 'exception', 'dberror', 'fatal' ], true ) ? $mode : '';
	}

	/** Fails the current request as $mode says; returns when there is no fault to inject. */
	public static function inject( string $mode ): void {
		if ( $mode === 'exception' ) {
			throw new MWException( 'cujo test fault: injected exception (X-Cujo-Fault)' );
		}
		if ( $mode === 'dberror' ) {
			$dbr = MediaWiki\MediaWikiServices::getInstance()
				->getDBLoadBalancer()->getConnection( DB_REPLICA );
			// A genuine query error through MediaWiki's DB layer (DBQueryError).
			$dbr->query( 'SELECT cujo_fault FROM cujo_no_such_table', __METHOD__ );
		}
		if ( $mode === 'fatal' ) {
			// A genuine, uncatchable PHP fatal: "Allowed memory size ... exhausted".
			ini_set( 'memory_limit', (string)( memory_get_usage( true ) + ( 8 << 20 ) ) );
			$GLOBALS['cujoFaultBallast'] = str_repeat( 'x', 256 << 20 );
		}
	}
}

if ( CujoTestFault::mode() !== '' ) {
	// index.php and api.php fail inside MediaWiki's request handling, so the real error page
	// (skinned HTML, or the API's error format) is what the client gets.
	$wgHooks['BeforeInitialize'][] = static function () {
		CujoTestFault::inject( CujoTestFault::mode() );
	};
	$wgHooks['ApiBeforeMain'][] = static function () {
		CujoTestFault::inject( CujoTestFault::mode() );
	};
	$wgExtensionFunctions[] = static function () {
		$entry = defined( 'MW_ENTRY_POINT' ) ? MW_ENTRY_POINT : '';
		// A fatal is the same everywhere; other entry points (load.php, rest.php) have no such
		// hook, so they fail during setup with MediaWiki's plain error output.
		if ( CujoTestFault::mode() === 'fatal' || !in_array( $entry, [ 'index', 'api' ], true ) ) {
			CujoTestFault::inject( CujoTestFault::mode() );
		}
	};
}
