// Minimal types for the PouchDB calls the sync benchmark makes (no @types package installed).
declare module 'pouchdb' {
  interface PouchDatabase {
    bulkDocs(docs: object[]): Promise<unknown>;
    destroy(): Promise<void>;
  }
  interface PouchStatic {
    new (name: string, options?: { adapter?: string }): PouchDatabase;
    plugin(plugin: unknown): void;
    replicate(source: PouchDatabase, target: PouchDatabase, options?: { batch_size?: number }): Promise<{ docs_written: number }>;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
