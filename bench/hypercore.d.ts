// hypercore ships no types; the bench uses a handful of its calls as the peer baseline.
declare module 'hypercore';
