<?php
// Settings cujo's test/quickstart wiki adds to the LocalSettings.php that install.php wrote.
// ci/wiki-up.sh copies this file into the data dir next to LocalSettings.php, which requires it.
// Everything (database, caches, logs) stays inside that data dir; see shared notes/mediawiki.md.
if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}
$cujoDir = __DIR__;

// Wikipedia's URL layout, served by ci/wiki/router.php.
$wgScriptPath = '/w';
$wgResourceBasePath = '/w';
$wgArticlePath = '/wiki/$1';
$wgUsePathInfo = true;
// Web requests follow the request's Host header (so a proxy or another host name mapped to
// 127.0.0.1 works); maintenance scripts keep the http://127.0.0.1:PORT install.php wrote.
if ( PHP_SAPI !== 'cli' ) {
	$wgServer = WebRequest::detectServer();
	$wgCanonicalServer = $wgServer;
}
$wgLogos = [
	'1x' => '/w/resources/assets/wiki.png',
	'icon' => '/w/resources/assets/wiki.png',
];
$wgFavicon = '/w/resources/assets/wiki.png';

// Caches and sessions: APCu in the PHP server (sessions die with it), files for l10n.
$wgMainCacheType = CACHE_ACCEL;
$wgSessionCacheType = CACHE_ACCEL;
$wgParserCacheType = CACHE_DB;
$wgCacheDirectory = "$cujoDir/cache";
$wgLocalisationCacheConf['store'] = 'files';
// ci/wiki-up.sh seeds pages in dependency-blind order within one second: cache no parser
// output then (it would keep red links and missing templates); the first views parse afresh.
if ( getenv( "CUJO_WIKI_SEEDING" ) ) {
	$wgParserCacheType = CACHE_NONE;
}

// Throwaway data: no fsync on any SQLite database.
$wgDBservers = [ [
	'host' => '',
	'user' => '',
	'password' => '',
	'dbname' => $wgDBname,
	'type' => 'sqlite',
	'load' => 1,
	'flags' => DBO_DEFAULT,
	'variables' => [ 'synchronous' => 'OFF' ],
] ];
$wgObjectCaches[CACHE_DB]['server']['variables']['synchronous'] = 'OFF';
$wgLocalisationCacheConf['storeServer']['variables']['synchronous'] = 'OFF';
$wgJobTypeConf['default']['server']['variables']['synchronous'] = 'OFF';

// Robust automated journeys: no rate limits or throttles.
$wgRateLimits = [];
$wgGroupPermissions['*']['noratelimit'] = true;
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];

// Nothing leaves the machine: no mail, uploads, remote files, pingback, update checks.
$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgEmailAuthentication = false;
$wgEnotifUserTalk = false;
$wgEnotifWatchlist = false;
$wgEnableUploads = false;
$wgUseInstantCommons = false;
$wgForeignFileRepos = [];
$wgAllowCopyUploads = false;
$wgAllowExternalImages = false;
$wgPingback = false;
$wgUseImageMagick = false;
$wgCopyUploadsFromSpecialUpload = false;

// Production-like error pages; the details go to the logs in DIR/logs.
$wgShowExceptionDetails = false;
$wgShowDBErrorBacktrace = false;
$wgShowHostnames = false;
$wgDBerrorLog = "$cujoDir/logs/dberror.log";
$wgDebugLogGroups['exception'] = "$cujoDir/logs/exception.log";
$wgDebugLogGroups['error'] = "$cujoDir/logs/error.log";
$wgDebugLogGroups['fatal'] = "$cujoDir/logs/fatal.log";
ini_set( 'display_errors', '0' );
ini_set( 'log_errors', '1' );
ini_set( 'error_log', "$cujoDir/logs/php-error.log" );

// Jobs (search index, link tables) run at the end of web requests.
$wgJobRunRate = 1;

// Test-only fault hooks: present only when ci/wiki-up.sh ran with --test-hooks.
if ( is_file( "$cujoDir/TestHooks.php" ) ) {
	require_once "$cujoDir/TestHooks.php";
}
