"""ingest: files, pre-segmented parallel text and catalogue records into the archive.

    from hexaglot.ingest import Ingester, plan
"""

from hexaglot.ingest.catalogue import CatalogueRecord, ingest_catalogue, parse_marc
from hexaglot.ingest.parallel import ParallelDoc, from_files, unpc_documents
from hexaglot.ingest.runner import Ingester, IngestReport, Progress
from hexaglot.ingest.walk import Plan, plan

__all__ = ["CatalogueRecord", "IngestReport", "Ingester", "ParallelDoc", "Plan", "Progress",
           "from_files", "ingest_catalogue", "parse_marc", "plan", "unpc_documents"]
