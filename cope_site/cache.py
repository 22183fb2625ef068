"""Django's Redis cache, with one redis-py client per server reused for every call.

Django's RedisCacheClient builds a new redis-py client object on each call: cheap
alone, but a page makes a dozen cache calls (fragments, Wagtail's site root paths,
rate limits), and building the client costs more than the Redis round trip itself.
redis-py clients are thread-safe; the connection pools were already shared.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
